"""The choice vocabularies of the screener as tuples of keys, and the documented flags.

The keys are read from the questionnaire catalogue (`screening.catalogue`), where each is declared
once; these names are shorthands for code that needs only the keys.
"""

from screening.catalogue import BY_KEY, SAFETY_KEYS

RESPONDENTS = BY_KEY["respondent"].keys
RELATIONSHIPS = BY_KEY["relationship"].keys
SUBSTANCES = BY_KEY["substances"].keys
FREQUENCIES = BY_KEY["frequency"].keys
USE_CRITERIA = BY_KEY["use_criteria"].keys
WITHDRAWAL_SYMPTOMS = BY_KEY["withdrawal_history"].keys
MEDICAL_CONDITIONS = BY_KEY["medical_conditions"].keys
SAFETY_QUESTIONS = SAFETY_KEYS
MENTAL_HEALTH = BY_KEY["mental_health"].keys
PRIOR_TREATMENT = BY_KEY["prior_treatment"].keys
LIVING = BY_KEY["living"].keys
SUPPORT = BY_KEY["support"].keys
OBLIGATIONS = BY_KEY["obligations"].keys
GROUP_COMFORT = BY_KEY["group_comfort"].keys
READINESS = BY_KEY["readiness"].keys

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
    "overdose_risk_high",
    "overdose_risk_moderate",
    "naloxone",
    "safety_unknown",
    "perinatal",
    "taper_needed",
    "nicotine",
)
