"""Invalid answers for every field: (case id, changes to the calm answers, expected problems).

Shared by the Python API tests and the command-line tests. `MISSING` as a change removes the key.
"""

MISSING = object()

INVALID = [
    ("unknown_key", {"favourite_colour": "blue"}, {"favourite_colour": "is not a known answer"}),
    ("respondent_missing", {"respondent": MISSING}, {"respondent": "is required"}),
    ("respondent_value", {"respondent": "me"}, {"respondent": "must be one of: self, loved_one"}),
    (
        "relationship_value",
        {"respondent": "loved_one", "relationship": "cousin"},
        {
            "relationship": "must be one of: parent, partner, child, sibling, friend, other "
            "(or null)"
        },
    ),
    (
        "relationship_missing_for_loved_one",
        {"respondent": "loved_one"},
        {"relationship": "is required when respondent is loved_one"},
    ),
    (
        "relationship_given_for_self",
        {"relationship": "friend"},
        {"relationship": "must be null when respondent is self"},
    ),
    ("relationship_key_missing", {"relationship": MISSING}, {"relationship": "is required"}),
    ("age_text", {"age": "34"}, {"age": "must be a whole number from 12 to 110"}),
    ("age_fraction", {"age": 34.5}, {"age": "must be a whole number from 12 to 110"}),
    ("age_boolean", {"age": True}, {"age": "must be a whole number from 12 to 110"}),
    ("age_too_young", {"age": 11}, {"age": "must be a whole number from 12 to 110"}),
    ("age_too_old", {"age": 111}, {"age": "must be a whole number from 12 to 110"}),
    ("substances_empty", {"substances": []}, {"substances": "must list at least one choice"}),
    ("substances_not_list", {"substances": "alcohol"}, {"substances": "must be a list"}),
    (
        "substances_unknown",
        {"substances": ["cannabis", "coffee"]},
        {
            "substances[1]": "must be one of: alcohol, opioids, benzodiazepines, sedatives, "
            "stimulants, cannabis, hallucinogens, other"
        },
    ),
    (
        "substances_nested",
        {"substances": ["cannabis", ["alcohol"]]},
        {
            "substances[1]": "must be one of: alcohol, opioids, benzodiazepines, sedatives, "
            "stimulants, cannabis, hallucinogens, other"
        },
    ),
    (
        "substances_twice",
        {"substances": ["cannabis", "cannabis"]},
        {"substances[1]": "lists cannabis twice"},
    ),
    (
        "primary_not_used",
        {"primary_substance": "alcohol"},
        {"primary_substance": "must be one of the listed substances"},
    ),
    (
        "primary_unknown",
        {"primary_substance": "coffee"},
        {
            "primary_substance": "must be one of: alcohol, opioids, benzodiazepines, sedatives, "
            "stimulants, cannabis, hallucinogens, other"
        },
    ),
    (
        "frequency_value",
        {"frequency": "sometimes"},
        {"frequency": "must be one of: daily, weekly, monthly, not_past_30_days"},
    ),
    ("use_criteria_not_list", {"use_criteria": 4}, {"use_criteria": "must be a list"}),
    (
        "use_criteria_twice",
        {"use_criteria": ["craving", "tolerance", "craving"]},
        {"use_criteria[2]": "lists craving twice"},
    ),
    (
        "withdrawal_history_value",
        {"withdrawal_history": ["headache"]},
        {
            "withdrawal_history[0]": "must be one of: shakes_sweats, nausea_vomiting, "
            "anxiety_insomnia, hallucinations, seizures, delirium_tremens"
        },
    ),
    ("withdrawal_now_text", {"withdrawal_now": "no"}, {"withdrawal_now": "must be true or false"}),
    (
        "medical_conditions_value",
        {"medical_conditions": [{"name": "asthma"}]},
        {
            "medical_conditions[0]": "must be one of: liver_disease, pancreatitis, "
            "heart_condition, seizure_disorder, pregnancy, other_serious"
        },
    ),
    (
        "medical_unstable_number",
        {"medical_unstable": 1},
        {"medical_unstable": "must be true or false"},
    ),
    (
        "safety_not_object",
        {"safety": [False] * 8},
        {"safety": "must be an object of true, false or null answers"},
    ),
    ("safety_answer_missing", {"safety": {"plan": MISSING}}, {"safety.plan": "is required"}),
    (
        "safety_answer_text",
        {"safety": {"intent": "yes"}},
        {"safety.intent": "must be true, false or null"},
    ),
    ("safety_unknown", {"safety": {"sad": True}}, {"safety.sad": "is not a known answer"}),
    (
        "depressant_frequency_more_often",
        {
            "substances": ["cannabis", "alcohol"],
            "frequency": "weekly",
            "depressant_frequency": "daily",
        },
        {"depressant_frequency": "more often than frequency"},
    ),
    (
        "depressant_frequency_without_a_depressant",
        {"depressant_frequency": "monthly"},
        {
            "depressant_frequency": "must be null when no alcohol, benzodiazepines or sedatives "
            "are listed"
        },
    ),
    (
        "depressant_frequency_differs_with_only_depressants",
        {
            "substances": ["alcohol", "sedatives"],
            "primary_substance": "alcohol",
            "frequency": "weekly",
            "depressant_frequency": "monthly",
        },
        {
            "depressant_frequency": "must equal frequency when every listed substance is a "
            "depressant"
        },
    ),
    (
        "depressant_frequency_value",
        {"substances": ["cannabis", "alcohol"], "depressant_frequency": "often"},
        {
            "depressant_frequency": "must be one of: daily, weekly, monthly, not_past_30_days "
            "(or null)"
        },
    ),
    (
        "overdose_text",
        {"overdose_past_year": "yes"},
        {"overdose_past_year": "must be true or false"},
    ),
    ("injects_null", {"injects": None}, {"injects": "must be true or false"}),
    (
        "left_custody_number",
        {"left_custody_recently": 1},
        {"left_custody_recently": "must be true or false"},
    ),
    ("nicotine_text", {"nicotine": "vape"}, {"nicotine": "must be true or false"}),
    (
        "mental_health_value",
        {"mental_health": ["stress"]},
        {
            "mental_health[0]": "must be one of: depression, anxiety, ptsd, bipolar, psychosis, "
            "eating_disorder, adhd, other"
        },
    ),
    (
        "mental_health_stable_null",
        {"mental_health_stable": "null"},
        {"mental_health_stable": "must be true or false"},
    ),
    ("phq2_too_high", {"phq2": 7}, {"phq2": "must be a whole number from 0 to 6 (or null)"}),
    ("gad2_negative", {"gad2": -1}, {"gad2": "must be a whole number from 0 to 6 (or null)"}),
    (
        "psych_hospital_missing",
        {"psych_hospital_past_year": MISSING},
        {"psych_hospital_past_year": "is required"},
    ),
    (
        "prior_treatment_value",
        {"prior_treatment": ["rehab"]},
        {"prior_treatment[0]": "must be one of: detox, inpatient, residential, iop, outpatient"},
    ),
    (
        "discharged_recently_text",
        {"discharged_recently": "true"},
        {"discharged_recently": "must be true or false"},
    ),
    (
        "relapse_missing",
        {"relapse_after_treatment": MISSING},
        {"relapse_after_treatment": "is required"},
    ),
    (
        "living_value",
        {"living": "car"},
        {"living": "must be one of: stable, unstable, homeless, with_active_user"},
    ),
    (
        "support_value",
        {"support": ["dog"]},
        {"support[0]": "must be one of: family, partner, friends, sponsor, mutual_help"},
    ),
    (
        "obligations_value",
        {"obligations": ["church"]},
        {"obligations[0]": "must be one of: work, school, dependents"},
    ),
    (
        "group_comfort_value",
        {"group_comfort": True},
        {"group_comfort": "must be one of: yes, unsure, no"},
    ),
    (
        "readiness_value",
        {"readiness": "maybe"},
        {"readiness": "must be one of: ready, considering, not_ready"},
    ),
]


def apply(before: dict, changes: dict) -> dict:
    """`before` with `changes`; MISSING removes a key, safety changes merge."""
    after = dict(before)
    for key, value in changes.items():
        if value is MISSING:
            del after[key]
        elif key == "safety" and isinstance(value, dict):
            after[key] = apply(before[key], value)
        else:
            after[key] = value
    return after
