"""Boundaries of the decision: each rule alone, on the calm person, and the counts and ages
where the answer changes."""

import pytest

from screening import vocab
from tests.screening.conftest import CRITERIA, assess

DEPRESSANTS = {"alcohol", "benzodiazepines", "sedatives"}
DANGEROUS = {"seizures", "delirium_tremens", "hallucinations"}
WITHDRAWAL_FLAGS = {"medical_withdrawal", "monitored_withdrawal", "withdrawal_symptoms"}
WITHDRAWAL_OUTCOME = {  # withdrawal risk -> (level, priority, flags)
    "severe": ("inpatient", "urgent", {"medical_withdrawal"}),
    "moderate": ("residential", "high", {"monitored_withdrawal"}),
    "mild": ("outpatient", "normal", {"withdrawal_symptoms"}),
    "none": ("outpatient", "normal", set()),
}


def codes(assessment):
    return {reason.code for reason in assessment.reasons}


@pytest.mark.parametrize(
    ("count", "severity", "level"),
    [
        (0, "none", "outpatient"),
        (1, "none", "outpatient"),
        (2, "mild", "outpatient"),
        (3, "mild", "outpatient"),
        (4, "moderate", "iop"),
        (5, "moderate", "iop"),
        (6, "severe", "iop"),
        (7, "severe", "iop"),
        (8, "severe", "iop"),
        (9, "severe", "iop"),
        (10, "severe", "iop"),
        (11, "severe", "iop"),
    ],
)
def test_criteria_count_sets_severity_and_baseline(count, severity, level):
    assessment = assess(use_criteria=list(vocab.USE_CRITERIA[:count]))

    assert assessment.severity == severity
    assert assessment.level == level
    assert codes(assessment) == {f"severity_{severity}"}
    assert ("below_threshold" in assessment.flags) is (severity == "none")


@pytest.mark.parametrize(
    ("severity", "level"),
    [
        ("none", "outpatient"),
        ("mild", "outpatient"),
        ("moderate", "iop"),
        ("severe", "residential"),
    ],
)
def test_severe_use_without_a_settled_home_gives_residential(severity, level):
    assert assess(use_criteria=CRITERIA[severity], living="unstable").level == level


@pytest.mark.parametrize(("age", "adolescent"), [(12, True), (17, True), (18, False), (110, False)])
def test_under_18_raises_priority_only(age, adolescent):
    assessment = assess(age=age)

    assert assessment.level == "outpatient"
    assert assessment.priority == ("high" if adolescent else "normal")
    assert ("adolescent" in assessment.flags) is adolescent
    assert ("adolescent" in codes(assessment)) is adolescent


@pytest.mark.parametrize(
    ("question", "level", "priority", "crisis", "flags"),
    [
        ("wish_dead", "outpatient", "high", False, {"suicide_risk_low"}),
        ("suicidal_thoughts", "outpatient", "high", False, {"suicide_risk_low"}),
        ("method", "iop", "urgent", False, {"suicide_risk_moderate"}),
        ("intent", "inpatient", "urgent", True, {"crisis", "suicide_risk_high"}),
        ("plan", "inpatient", "urgent", True, {"crisis", "suicide_risk_high"}),
        ("behavior_past_3_months", "inpatient", "urgent", True, {"crisis", "suicide_risk_high"}),
        ("harm_others", "iop", "urgent", False, {"danger_to_others"}),
        ("harm_others_plan", "inpatient", "urgent", True, {"crisis", "danger_to_others"}),
    ],
)
def test_each_safety_answer_alone(question, level, priority, crisis, flags):
    assessment = assess(safety={question: True})

    assert assessment.level == level
    assert assessment.priority == priority
    assert assessment.crisis is crisis
    assert set(assessment.flags) == flags | {"below_threshold"}


def test_crisis_answer_gives_inpatient_urgent():
    assessment = assess(safety={"plan": True}, use_criteria=CRITERIA["mild"])

    assert (assessment.level, assessment.priority, assessment.crisis) == (
        "inpatient",
        "urgent",
        True,
    )
    assert assessment.reasons[0].code == "suicide_risk_high"


def expected_withdrawal(symptom: str, substance: str, frequency: str) -> str:
    used_lately = frequency != "not_past_30_days"
    depressant = substance in DEPRESSANTS
    if symptom in DANGEROUS and depressant and frequency in ("daily", "weekly"):
        return "severe"
    if symptom in ("shakes_sweats", "nausea_vomiting") and depressant and frequency == "daily":
        return "moderate"
    return "mild" if used_lately else "none"


WITHDRAWAL_CASES = [
    (symptom, substance, frequency)
    for symptom in vocab.WITHDRAWAL_SYMPTOMS
    for substance in vocab.SUBSTANCES
    for frequency in vocab.FREQUENCIES
]


@pytest.mark.parametrize(("symptom", "substance", "frequency"), WITHDRAWAL_CASES)
def test_withdrawal_history_with_each_substance_and_frequency(symptom, substance, frequency):
    assessment = assess(
        substances=[substance],
        primary_substance=substance,
        frequency=frequency,
        withdrawal_history=[symptom],
    )

    level, priority, flags = WITHDRAWAL_OUTCOME[expected_withdrawal(symptom, substance, frequency)]
    regular = frequency in ("daily", "weekly")
    # Regular calming pills need a taper, daily opioids carry overdose risk: both call sooner.
    if priority == "normal" and (
        (substance in ("benzodiazepines", "sedatives") and regular)
        or (substance == "opioids" and frequency == "daily")
    ):
        priority = "high"
    assert (assessment.level, assessment.priority) == (level, priority)
    assert set(assessment.flags) & WITHDRAWAL_FLAGS == flags


@pytest.mark.parametrize("symptom", sorted(DANGEROUS))
@pytest.mark.parametrize("substance", vocab.SUBSTANCES)
@pytest.mark.parametrize("frequency", vocab.FREQUENCIES)
def test_dangerous_history_with_symptoms_now_is_severe_whatever_the_use(
    symptom, substance, frequency
):
    assessment = assess(
        substances=[substance],
        primary_substance=substance,
        frequency=frequency,
        withdrawal_history=[symptom],
        withdrawal_now=True,
    )

    assert (assessment.level, assessment.priority) == ("inpatient", "urgent")
    assert "medical_withdrawal" in assessment.flags


@pytest.mark.parametrize("substance", vocab.SUBSTANCES)
@pytest.mark.parametrize("frequency", vocab.FREQUENCIES)
def test_withdrawal_now_alone_with_each_substance_and_frequency(substance, frequency):
    assessment = assess(
        substances=[substance],
        primary_substance=substance,
        frequency=frequency,
        withdrawal_now=True,
    )

    if substance in DEPRESSANTS and frequency == "daily":
        expected = "moderate"
    else:
        expected = "mild" if frequency != "not_past_30_days" else "none"
    level, _, flags = WITHDRAWAL_OUTCOME[expected]
    assert assessment.level == level
    assert assessment.priority == "high"  # symptoms now are never left to wait
    assert set(assessment.flags) & WITHDRAWAL_FLAGS == flags
    assert "withdrawal_now" in codes(assessment)


@pytest.mark.parametrize("condition", vocab.MEDICAL_CONDITIONS)
@pytest.mark.parametrize("frequency", vocab.FREQUENCIES)
def test_liver_or_pancreas_disease_with_daily_drinking_needs_inpatient(condition, frequency):
    assessment = assess(
        substances=["alcohol"],
        primary_substance="alcohol",
        medical_conditions=[condition],
        frequency=frequency,
    )

    organ_risk = condition in ("liver_disease", "pancreatitis") and frequency == "daily"
    assert assessment.level == ("inpatient" if organ_risk else "outpatient")
    assert ("medical_unstable" in assessment.flags) is organ_risk
    assert ("pregnancy" in assessment.flags) is (condition == "pregnancy")


# Each floor and priority rule alone: the answers that trigger it, on top of the calm person,
# then the level, priority and the exact set of reason codes.
RULES_ALONE = [
    ("medical_unstable", {"medical_unstable": True}, "inpatient", "urgent", {"medical_unstable"}),
    (
        "liver_daily",
        {
            "medical_conditions": ["liver_disease"],
            "substances": ["sedatives"],
            "primary_substance": "sedatives",
            "frequency": "daily",
            "use_criteria": CRITERIA["mild"],
        },
        "inpatient",
        "urgent",
        {"liver_pancreas_daily_use", "taper_needed", "severity_mild"},
    ),
    (
        "liver_daily_cannabis_monthly_drinking",
        {
            "medical_conditions": ["liver_disease"],
            "substances": ["cannabis", "alcohol"],
            "frequency": "daily",
            "depressant_frequency": "monthly",
        },
        "outpatient",
        "normal",
        set(),
    ),
    (
        "liver_daily_without_depressant_frequency_keeps_1_0",
        {
            "medical_conditions": ["liver_disease"],
            "substances": ["cannabis", "alcohol"],
            "frequency": "daily",
        },
        "inpatient",
        "urgent",
        {"liver_pancreas_daily_use"},
    ),
    (
        "organ_damage_and_unstable",
        {"medical_conditions": ["pancreatitis"], "frequency": "daily", "medical_unstable": True},
        "inpatient",
        "urgent",
        {"medical_unstable"},
    ),
    (
        "withdrawal_moderate",
        {
            "substances": ["alcohol"],
            "primary_substance": "alcohol",
            "frequency": "daily",
            "withdrawal_history": ["nausea_vomiting"],
        },
        "residential",
        "high",
        {"withdrawal_moderate"},
    ),
    (
        "psychiatric_unstable",
        {"mental_health": ["depression"], "mental_health_stable": False},
        "iop",
        "high",
        {"psychiatric_unstable"},
    ),
    (
        "psychiatric_unstable_mild_use",
        {
            "mental_health": ["ptsd"],
            "mental_health_stable": False,
            "use_criteria": CRITERIA["mild"],
        },
        "iop",
        "high",
        {"psychiatric_unstable", "severity_mild"},
    ),
    (
        "psychiatric_unstable_recent_hospital",
        {
            "mental_health": ["bipolar"],
            "mental_health_stable": False,
            "psych_hospital_past_year": True,
        },
        "residential",
        "high",
        {"psychiatric_unstable", "psychiatric_unstable_recent_hospital"},
    ),
    (
        "psychiatric_unstable_moderate_use",
        {
            "mental_health": ["anxiety"],
            "mental_health_stable": False,
            "use_criteria": CRITERIA["moderate"],
        },
        "residential",
        "high",
        {"psychiatric_unstable", "psychiatric_unstable_severity", "severity_moderate"},
    ),
    (
        "psychiatric_unstable_severe_use",
        {
            "mental_health": ["psychosis"],
            "mental_health_stable": False,
            "use_criteria": CRITERIA["severe"],
        },
        "residential",
        "high",
        {"psychiatric_unstable", "psychiatric_unstable_severity", "severity_severe"},
    ),
    (
        "stable_mental_health_with_hospital",
        {"mental_health": ["depression"], "psych_hospital_past_year": True},
        "outpatient",
        "normal",
        set(),
    ),
    (
        "homeless_moderate_use",
        {"living": "homeless", "use_criteria": CRITERIA["moderate"]},
        "residential",
        "high",
        {"unsafe_environment_severity", "severity_moderate"},
    ),
    (
        "active_user_at_home_severe_use",
        {"living": "with_active_user", "use_criteria": CRITERIA["severe"]},
        "residential",
        "high",
        {"unsafe_environment_severity", "severity_severe", "severity_severe_environment"},
    ),
    (
        "homeless_mild_use",
        {"living": "homeless", "use_criteria": CRITERIA["mild"]},
        "outpatient",
        "normal",
        {"severity_mild"},
    ),
    (
        "unstable_home_moderate_use",
        {"living": "unstable", "use_criteria": CRITERIA["moderate"]},
        "iop",
        "normal",
        {"environment_moderate_severity", "severity_moderate"},
    ),
    (
        "no_support_moderate_use",
        {"support": [], "use_criteria": CRITERIA["moderate"]},
        "iop",
        "normal",
        {"environment_moderate_severity", "severity_moderate"},
    ),
    (
        "unstable_home_mild_use",
        {"living": "unstable", "use_criteria": CRITERIA["mild"]},
        "outpatient",
        "normal",
        {"severity_mild"},
    ),
    (
        "relapse_after_iop_severe_use",
        {
            "relapse_after_treatment": True,
            "prior_treatment": ["iop"],
            "use_criteria": CRITERIA["severe"],
        },
        "residential",
        "high",
        {"relapse_high_severity", "relapse_after_treatment", "severity_severe"},
    ),
    (
        "relapse_after_residential_moderate_use",
        {
            "relapse_after_treatment": True,
            "prior_treatment": ["residential"],
            "use_criteria": CRITERIA["moderate"],
        },
        "iop",
        "normal",
        {"relapse_after_treatment", "severity_moderate"},
    ),
    (
        "relapse_after_outpatient_severe_use",
        {
            "relapse_after_treatment": True,
            "prior_treatment": ["outpatient", "detox"],
            "use_criteria": CRITERIA["severe"],
        },
        "iop",
        "normal",
        {"relapse_after_treatment", "severity_severe"},
    ),
    (
        "relapse_without_prior_treatment",
        {"relapse_after_treatment": True},
        "iop",
        "normal",
        {"relapse_after_treatment"},
    ),
    (
        "inpatient_history_without_relapse",
        {"prior_treatment": ["inpatient"], "use_criteria": CRITERIA["severe"]},
        "iop",
        "normal",
        {"severity_severe"},
    ),
    ("step_down", {"discharged_recently": True}, "iop", "normal", {"step_down"}),
    (
        "pregnancy",
        {"medical_conditions": ["pregnancy"], "frequency": "not_past_30_days"},
        "outpatient",
        "high",
        {"pregnancy"},
    ),
    (
        "perinatal_use",
        {"medical_conditions": ["pregnancy"]},
        "outpatient",
        "high",
        {"perinatal_use"},
    ),
    (
        "perinatal_high_risk",
        {
            "medical_conditions": ["pregnancy"],
            "substances": ["opioids"],
            "primary_substance": "opioids",
            "frequency": "weekly",
        },
        "outpatient",
        "urgent",
        {"perinatal_high_risk"},
    ),
    (
        "overdose_after_release",
        {
            "substances": ["opioids"],
            "primary_substance": "opioids",
            "frequency": "not_past_30_days",
            "left_custody_recently": True,
        },
        "iop",
        "urgent",
        {"overdose_risk_high"},
    ),
    (
        "overdose_past_year",
        {"substances": ["opioids"], "primary_substance": "opioids", "overdose_past_year": True},
        "iop",
        "urgent",
        {"overdose_risk_high"},
    ),
    (
        "opioids_with_weekly_benzodiazepines",
        {
            "substances": ["opioids", "benzodiazepines"],
            "primary_substance": "opioids",
            "frequency": "weekly",
        },
        "iop",
        "urgent",
        {"overdose_risk_high", "taper_needed"},
    ),
    (
        "opioids_after_discharge",
        {"substances": ["opioids"], "primary_substance": "opioids", "discharged_recently": True},
        "iop",
        "urgent",
        {"overdose_risk_high", "step_down"},
    ),
    ("injects", {"injects": True}, "outpatient", "high", {"overdose_risk_moderate"}),
    (
        "overdose_without_opioids",
        {"overdose_past_year": True},
        "outpatient",
        "high",
        {"overdose_risk_moderate"},
    ),
    (
        "daily_opioids",
        {"substances": ["opioids"], "primary_substance": "opioids", "frequency": "daily"},
        "outpatient",
        "high",
        {"overdose_risk_moderate"},
    ),
    (
        "taper_weekly_benzodiazepines",
        {
            "substances": ["benzodiazepines"],
            "primary_substance": "benzodiazepines",
            "frequency": "weekly",
        },
        "outpatient",
        "high",
        {"taper_needed"},
    ),
    (
        "no_taper_for_monthly_sedatives",
        {"substances": ["sedatives"], "primary_substance": "sedatives"},
        "outpatient",
        "normal",
        set(),
    ),
    (
        "taper_by_depressant_frequency",
        {
            "substances": ["cannabis", "sedatives"],
            "frequency": "daily",
            "depressant_frequency": "weekly",
        },
        "outpatient",
        "high",
        {"taper_needed"},
    ),
    (
        "safety_unknown_plan",
        {"safety": {"suicidal_thoughts": True, "plan": None}},
        "outpatient",
        "urgent",
        {"suicide_risk_low", "safety_unknown_urgent"},
    ),
    (
        "safety_unknown_wish_dead",
        {"safety": {"wish_dead": None}},
        "outpatient",
        "high",
        {"safety_unknown_other"},
    ),
    (
        "safety_unknown_harm_plan",
        {"safety": {"harm_others": True, "harm_others_plan": None}},
        "iop",
        "urgent",
        {"harm_others", "safety_unknown_urgent"},
    ),
    ("nicotine_changes_nothing", {"nicotine": True}, "outpatient", "normal", set()),
    ("adolescent", {"age": 17}, "outpatient", "high", {"adolescent"}),
    (
        "suicide_risk_low",
        {"safety": {"wish_dead": True}},
        "outpatient",
        "high",
        {"suicide_risk_low"},
    ),
    (
        "harm_others_with_plan",
        {"safety": {"harm_others": True, "harm_others_plan": True}},
        "inpatient",
        "urgent",
        {"harm_others_plan"},
    ),
]


@pytest.mark.parametrize(
    ("changes", "level", "priority", "rule_codes"),
    [case[1:] for case in RULES_ALONE],
    ids=[case[0] for case in RULES_ALONE],
)
def test_each_rule_alone(changes, level, priority, rule_codes):
    assessment = assess(**changes)

    assert (assessment.level, assessment.priority) == (level, priority)
    assert codes(assessment) - {"severity_none"} == rule_codes


@pytest.mark.parametrize(
    ("score", "positive"), [(None, False), (0, False), (2, False), (3, True), (6, True)]
)
@pytest.mark.parametrize("screen", ["phq2", "gad2"])
def test_phq2_or_gad2_of_3_counts_as_co_occurring(screen, score, positive):
    assessment = assess(**{screen: score})

    assert ("co_occurring" in assessment.flags) is positive
    assert assessment.level == "outpatient"


@pytest.mark.parametrize(
    ("changes", "flag", "present"),
    [
        ({"respondent": "loved_one", "relationship": "parent"}, "third_party", True),
        ({"readiness": "not_ready"}, "low_readiness", True),
        ({"readiness": "considering"}, "low_readiness", False),
        ({"group_comfort": "no"}, "prefers_individual", True),
        ({"group_comfort": "unsure"}, "prefers_individual", False),
        ({"support": []}, "no_support", True),
        ({"relapse_after_treatment": True}, "relapse_history", True),
        ({"discharged_recently": True}, "step_down", True),
        ({"living": "homeless"}, "unsafe_environment", True),
        ({"living": "unstable"}, "unsafe_environment", False),
        ({"mental_health": ["adhd"]}, "co_occurring", True),
        ({"mental_health": ["adhd"], "mental_health_stable": False}, "psychiatric_unstable", True),
        ({"mental_health": [], "mental_health_stable": False}, "psychiatric_unstable", False),
        ({"obligations": ["work"]}, "keeps_obligations", True),
        ({"obligations": ["dependents"], "medical_unstable": True}, "needs_leave_planning", True),
        ({"obligations": ["school"], "medical_unstable": True}, "keeps_obligations", False),
        ({"obligations": []}, "keeps_obligations", False),
        (
            {"substances": ["opioids"], "primary_substance": "opioids", "frequency": "weekly"},
            "medication_support",
            True,
        ),
        (
            {"substances": ["opioids"], "primary_substance": "opioids", "frequency": "monthly"},
            "medication_support",
            False,
        ),
        ({"substances": ["cannabis", "alcohol"], "frequency": "daily"}, "medication_support", True),
        (
            {
                "substances": ["cannabis", "alcohol"],
                "frequency": "daily",
                "depressant_frequency": "monthly",
            },
            "medication_support",
            False,
        ),
        (
            {
                "substances": ["opioids"],
                "primary_substance": "opioids",
                "frequency": "not_past_30_days",
                "left_custody_recently": True,
            },
            "medication_support",
            True,
        ),
        ({"substances": ["opioids"], "primary_substance": "opioids"}, "naloxone", True),
        ({"injects": True}, "naloxone", True),
        ({"overdose_past_year": True}, "naloxone", True),
        ({}, "naloxone", False),
        ({"nicotine": True}, "nicotine", True),
        ({"safety": {"harm_others": None}}, "safety_unknown", True),
        ({"safety": {"harm_others": None}}, "danger_to_others", False),
        ({"medical_conditions": ["pregnancy"]}, "perinatal", True),
        (
            {"medical_conditions": ["pregnancy"], "frequency": "not_past_30_days"},
            "perinatal",
            False,
        ),
        (
            {"medical_conditions": ["pregnancy"], "frequency": "not_past_30_days"},
            "pregnancy",
            True,
        ),
        (
            {"substances": ["stimulants"], "primary_substance": "stimulants", "frequency": "daily"},
            "medication_support",
            False,
        ),
    ],
)
def test_flag_follows_its_condition(changes, flag, present):
    assert (flag in assess(**changes).flags) is present


@pytest.mark.parametrize(
    ("changes", "fit"),
    [
        ({}, {"outpatient": 100, "iop": 60, "residential": 20, "inpatient": 10}),
        (
            {"use_criteria": CRITERIA["moderate"]},
            {"outpatient": 40, "iop": 100, "residential": 60, "inpatient": 20},
        ),
        (
            {"use_criteria": CRITERIA["severe"], "living": "unstable"},
            {"outpatient": 0, "iop": 40, "residential": 100, "inpatient": 60},
        ),
        (
            {"discharged_recently": True},
            {"outpatient": 0, "iop": 100, "residential": 60, "inpatient": 20},
        ),
        (
            {"medical_unstable": True},
            {"outpatient": 0, "iop": 0, "residential": 0, "inpatient": 100},
        ),
    ],
)
def test_fit_scores_recommended_highest_and_unsafe_zero(changes, fit):
    assert assess(**changes).fit == fit


@pytest.mark.parametrize("question", vocab.SAFETY_QUESTIONS)
def test_a_not_sure_safety_answer_is_never_a_yes_nor_a_no(question):
    unsure = assess(safety={question: None})
    urgent = question in ("intent", "plan", "behavior_past_3_months", "harm_others_plan")

    assert unsure.crisis is False
    assert unsure.level == "outpatient"
    assert unsure.priority == ("urgent" if urgent else "high")
    assert set(unsure.flags) == {"below_threshold", "safety_unknown"}


def test_daily_cannabis_with_monthly_drinking_is_not_daily_drinking():
    shakes = {
        "substances": ["cannabis", "alcohol"],
        "primary_substance": "cannabis",
        "frequency": "daily",
        "withdrawal_history": ["shakes_sweats"],
    }

    assert assess(**shakes).level == "residential"  # 1.0 input: taken as daily drinking
    monthly = assess(**shakes, depressant_frequency="monthly")
    assert (monthly.level, monthly.priority) == ("outpatient", "normal")
    assert "withdrawal_symptoms" in monthly.flags


def test_a_past_seizure_with_weekly_drinking_is_severe_even_when_other_use_is_daily():
    assessment = assess(
        substances=["cannabis", "alcohol"],
        frequency="daily",
        depressant_frequency="weekly",
        withdrawal_history=["seizures"],
    )

    assert (assessment.level, assessment.priority) == ("inpatient", "urgent")
