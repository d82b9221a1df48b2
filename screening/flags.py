"""The documented flags: short names staff and program matching read, each with its condition."""

from collections.abc import Callable

from screening.model import Answers, Level
from screening.ratings import Ratings

FlagCondition = Callable[[Answers, Ratings, Level], bool]

_AT_HOME = (Level.OUTPATIENT, Level.IOP)
_REGULAR = ("daily", "weekly")

_CONDITIONS: dict[str, FlagCondition] = {
    "crisis": lambda answers, ratings, level: ratings.crisis,
    "suicide_risk_high": lambda answers, ratings, level: ratings.suicide_risk == "high",
    "suicide_risk_moderate": lambda answers, ratings, level: ratings.suicide_risk == "moderate",
    "suicide_risk_low": lambda answers, ratings, level: ratings.suicide_risk == "low",
    "danger_to_others": lambda answers, ratings, level: (
        answers.safety.harm_others is True or answers.safety.harm_others_plan is True
    ),
    "medical_withdrawal": lambda answers, ratings, level: ratings.withdrawal == "severe",
    "monitored_withdrawal": lambda answers, ratings, level: ratings.withdrawal == "moderate",
    "withdrawal_symptoms": lambda answers, ratings, level: ratings.withdrawal == "mild",
    "medical_unstable": lambda answers, ratings, level: ratings.medical == "severe",
    "pregnancy": lambda answers, ratings, level: "pregnancy" in answers.medical_conditions,
    "co_occurring": lambda answers, ratings, level: ratings.co_occurring,
    "psychiatric_unstable": lambda answers, ratings, level: ratings.psychiatric_unstable,
    "step_down": lambda answers, ratings, level: answers.discharged_recently,
    "relapse_history": lambda answers, ratings, level: answers.relapse_after_treatment,
    "unsafe_environment": lambda answers, ratings, level: ratings.environment == "high",
    "no_support": lambda answers, ratings, level: not answers.support,
    "adolescent": lambda answers, ratings, level: answers.age < 18,
    # A candidate for medication for opioid or alcohol use disorder.
    "medication_support": lambda answers, ratings, level: (
        (
            "opioids" in answers.substances
            and (answers.frequency in _REGULAR or ratings.overdose == "high")
        )
        or ("alcohol" in answers.substances and ratings.depressant_frequency in _REGULAR)
    ),
    "low_readiness": lambda answers, ratings, level: answers.readiness == "not_ready",
    "prefers_individual": lambda answers, ratings, level: answers.group_comfort == "no",
    "keeps_obligations": lambda answers, ratings, level: (
        bool(answers.obligations) and level in _AT_HOME
    ),
    "needs_leave_planning": lambda answers, ratings, level: (
        bool(answers.obligations) and level not in _AT_HOME
    ),
    "below_threshold": lambda answers, ratings, level: ratings.severity == "none",
    "third_party": lambda answers, ratings, level: answers.respondent == "loved_one",
    "overdose_risk_high": lambda answers, ratings, level: ratings.overdose == "high",
    "overdose_risk_moderate": lambda answers, ratings, level: ratings.overdose == "moderate",
    # The result says where to get naloxone and how to use it.
    "naloxone": lambda answers, ratings, level: (
        "opioids" in answers.substances or answers.injects or answers.overdose_past_year
    ),
    "safety_unknown": lambda answers, ratings, level: ratings.safety_unknown != "none",
    "perinatal": lambda answers, ratings, level: ratings.perinatal != "none",
    "taper_needed": lambda answers, ratings, level: ratings.taper_needed,
    "nicotine": lambda answers, ratings, level: answers.nicotine,
}
# Checked in name order so the flags come out sorted.
_SORTED_CONDITIONS = tuple(sorted(_CONDITIONS.items()))


def flags_for(answers: Answers, ratings: Ratings, level: Level) -> tuple[str, ...]:
    """Every documented flag whose condition holds, sorted by name."""
    return tuple(name for name, holds in _SORTED_CONDITIONS if holds(answers, ratings, level))
