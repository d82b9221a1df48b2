"""The choice vocabularies of the screener, as tuples of keys (clinical reference, rules 1.0).

Forms build their choices from these tuples and validation checks answers against them, so a key
exists in exactly one place.
"""

RESPONDENTS = ("self", "loved_one")
RELATIONSHIPS = ("parent", "partner", "child", "sibling", "friend", "other")
SUBSTANCES = (
    "alcohol",
    "opioids",
    "benzodiazepines",
    "sedatives",
    "stimulants",
    "cannabis",
    "hallucinogens",
    "other",
)
FREQUENCIES = ("daily", "weekly", "monthly", "not_past_30_days")
USE_CRITERIA = (
    "larger_amounts",
    "cant_cut_down",
    "time_spent",
    "craving",
    "role_failure",
    "social_problems",
    "activities_given_up",
    "hazardous_use",
    "physical_psych_harm",
    "tolerance",
    "withdrawal",
)
WITHDRAWAL_SYMPTOMS = (
    "shakes_sweats",
    "nausea_vomiting",
    "anxiety_insomnia",
    "hallucinations",
    "seizures",
    "delirium_tremens",
)
MEDICAL_CONDITIONS = (
    "liver_disease",
    "pancreatitis",
    "heart_condition",
    "seizure_disorder",
    "pregnancy",
    "other_serious",
)
SAFETY_QUESTIONS = (
    "wish_dead",
    "suicidal_thoughts",
    "method",
    "intent",
    "plan",
    "behavior_past_3_months",
    "harm_others",
    "harm_others_plan",
)
MENTAL_HEALTH = (
    "depression",
    "anxiety",
    "ptsd",
    "bipolar",
    "psychosis",
    "eating_disorder",
    "adhd",
    "other",
)
PRIOR_TREATMENT = ("detox", "inpatient", "residential", "iop", "outpatient")
LIVING = ("stable", "unstable", "homeless", "with_active_user")
SUPPORT = ("family", "partner", "friends", "sponsor", "mutual_help")
OBLIGATIONS = ("work", "school", "dependents")
GROUP_COMFORT = ("yes", "unsure", "no")
READINESS = ("ready", "considering", "not_ready")

FLAGS = (
    "crisis",
    "suicide_risk_high",
    "suicide_risk_moderate",
    "suicide_risk_low",
    "danger_to_others",
    "medical_withdrawal",
    "monitored_withdrawal",
    "withdrawal_symptoms",
    "medical_unstable",
    "pregnancy",
    "co_occurring",
    "psychiatric_unstable",
    "step_down",
    "relapse_history",
    "unsafe_environment",
    "no_support",
    "adolescent",
    "medication_support",
    "low_readiness",
    "prefers_individual",
    "keeps_obligations",
    "needs_leave_planning",
    "below_threshold",
    "third_party",
)
