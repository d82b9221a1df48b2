"""The decision rules of the clinical reference, one small named unit each.

A rule reads the answers and the derived ratings and says whether it applies. When it does, it
gives a `Reason` (its code, ASAM dimension, the level it supports and a plain sentence) and may
raise the priority. Floor rules set the least intensive level that is still safe; baseline rules
set the level the severity of use calls for. Rules that only make the call sooner support
outpatient, because on their own they ask for no more intensive care.
"""

from collections.abc import Callable
from dataclasses import dataclass

from screening.messages import MESSAGES
from screening.model import Answers, Level, Priority, Reason
from screening.ratings import Ratings

Condition = Callable[[Answers, Ratings], bool]

_SERIOUS_USE = ("moderate", "severe")


@dataclass(frozen=True, slots=True)
class Rule:
    """A named condition and what follows when it holds.

    `level_rank` is the rank of the level the rule supports; `baseline` rules speak for the
    severity of use, all others for safety (the floor).
    """

    reason: Reason
    applies: Condition
    level_rank: int
    priority: Priority
    baseline: bool


RULES: list[Rule] = []


def _rule(
    code: str,
    dimension: int | None,
    supports: Level = Level.OUTPATIENT,
    priority: Priority = Priority.NORMAL,
    baseline: bool = False,
) -> Callable[[Condition], Condition]:
    """Register the decorated condition as the rule `code`."""

    def register(applies: Condition) -> Condition:
        reason = Reason(code, dimension, MESSAGES[code], supports.value)
        RULES.append(Rule(reason, applies, supports.rank, priority, baseline))
        return applies

    return register


# Floor: inpatient.


@_rule("suicide_risk_high", 3, Level.INPATIENT, Priority.URGENT)
def suicide_risk_high(answers: Answers, ratings: Ratings) -> bool:
    return ratings.suicide_risk == "high"


@_rule("harm_others_plan", 3, Level.INPATIENT, Priority.URGENT)
def harm_others_plan(answers: Answers, ratings: Ratings) -> bool:
    return answers.safety.harm_others_plan is True


@_rule("withdrawal_severe", 1, Level.INPATIENT, Priority.URGENT)
def withdrawal_severe(answers: Answers, ratings: Ratings) -> bool:
    return ratings.withdrawal == "severe"


@_rule("medical_unstable", 2, Level.INPATIENT, Priority.URGENT)
def medical_unstable(answers: Answers, ratings: Ratings) -> bool:
    return answers.medical_unstable


@_rule("liver_pancreas_daily_use", 2, Level.INPATIENT, Priority.URGENT)
def liver_pancreas_daily_use(answers: Answers, ratings: Ratings) -> bool:
    """The other half of medical risk severe: organ damage that daily use makes dangerous."""
    return ratings.medical == "severe" and not answers.medical_unstable


# Floor: residential.


@_rule("withdrawal_moderate", 1, Level.RESIDENTIAL, Priority.HIGH)
def withdrawal_moderate(answers: Answers, ratings: Ratings) -> bool:
    return ratings.withdrawal == "moderate"


@_rule("psychiatric_unstable_recent_hospital", 3, Level.RESIDENTIAL, Priority.HIGH)
def psychiatric_unstable_recent_hospital(answers: Answers, ratings: Ratings) -> bool:
    return ratings.psychiatric_unstable and answers.psych_hospital_past_year


@_rule("psychiatric_unstable_severity", 3, Level.RESIDENTIAL, Priority.HIGH)
def psychiatric_unstable_severity(answers: Answers, ratings: Ratings) -> bool:
    return ratings.psychiatric_unstable and ratings.severity in _SERIOUS_USE


@_rule("unsafe_environment_severity", 6, Level.RESIDENTIAL)
def unsafe_environment_severity(answers: Answers, ratings: Ratings) -> bool:
    return ratings.environment == "high" and ratings.severity in _SERIOUS_USE


@_rule("relapse_high_severity", 5, Level.RESIDENTIAL)
def relapse_high_severity(answers: Answers, ratings: Ratings) -> bool:
    return ratings.relapse == "high" and ratings.severity == "severe"


# Floor: intensive outpatient.


@_rule("suicide_risk_moderate", 3, Level.IOP, Priority.URGENT)
def suicide_risk_moderate(answers: Answers, ratings: Ratings) -> bool:
    return ratings.suicide_risk == "moderate"


@_rule("harm_others", 3, Level.IOP, Priority.URGENT)
def harm_others(answers: Answers, ratings: Ratings) -> bool:
    """Thoughts of hurting someone without a plan; with a plan `harm_others_plan` applies."""
    return answers.safety.harm_others is True and answers.safety.harm_others_plan is not True


@_rule("psychiatric_unstable", 3, Level.IOP, Priority.HIGH)
def psychiatric_unstable(answers: Answers, ratings: Ratings) -> bool:
    return ratings.psychiatric_unstable


@_rule("step_down", 5, Level.IOP)
def step_down(answers: Answers, ratings: Ratings) -> bool:
    return answers.discharged_recently


@_rule("relapse_after_treatment", 5, Level.IOP)
def relapse_after_treatment(answers: Answers, ratings: Ratings) -> bool:
    return ratings.relapse != "low"


@_rule("environment_moderate_severity", 6, Level.IOP)
def environment_moderate_severity(answers: Answers, ratings: Ratings) -> bool:
    return ratings.environment == "moderate" and ratings.severity in _SERIOUS_USE


@_rule("overdose_risk_high", 1, Level.IOP, Priority.URGENT)
def overdose_risk_high(answers: Answers, ratings: Ratings) -> bool:
    """Opioids after an overdose, after release or discharge, or with regular depressants."""
    return ratings.overdose == "high"


# Baseline: the level the severity of use calls for.


@_rule("severity_none", 5, Level.OUTPATIENT, baseline=True)
def severity_none(answers: Answers, ratings: Ratings) -> bool:
    return ratings.severity == "none"


@_rule("severity_mild", 5, Level.OUTPATIENT, baseline=True)
def severity_mild(answers: Answers, ratings: Ratings) -> bool:
    return ratings.severity == "mild"


@_rule("severity_moderate", 5, Level.IOP, baseline=True)
def severity_moderate(answers: Answers, ratings: Ratings) -> bool:
    return ratings.severity == "moderate"


@_rule("severity_severe", 5, Level.IOP, baseline=True)
def severity_severe(answers: Answers, ratings: Ratings) -> bool:
    return ratings.severity == "severe"


@_rule("severity_severe_environment", 6, Level.RESIDENTIAL, baseline=True)
def severity_severe_environment(answers: Answers, ratings: Ratings) -> bool:
    """Severe use at home without a low-risk environment calls for residential care."""
    return ratings.severity == "severe" and ratings.environment != "low"


# Priority only: these make the call sooner without asking for more intensive care.


@_rule("suicide_risk_low", 3, priority=Priority.HIGH)
def suicide_risk_low(answers: Answers, ratings: Ratings) -> bool:
    return ratings.suicide_risk == "low"


@_rule("safety_unknown_urgent", 3, priority=Priority.URGENT)
def safety_unknown_urgent(answers: Answers, ratings: Ratings) -> bool:
    """Not known whether there is intent, a plan, a recent attempt or a plan to hurt someone."""
    return ratings.safety_unknown == "urgent"


@_rule("safety_unknown_other", 3, priority=Priority.HIGH)
def safety_unknown_other(answers: Answers, ratings: Ratings) -> bool:
    return ratings.safety_unknown == "other"


@_rule("withdrawal_now", 1, priority=Priority.HIGH)
def withdrawal_now(answers: Answers, ratings: Ratings) -> bool:
    return answers.withdrawal_now


@_rule("overdose_risk_moderate", 1, priority=Priority.HIGH)
def overdose_risk_moderate(answers: Answers, ratings: Ratings) -> bool:
    return ratings.overdose == "moderate"


@_rule("taper_needed", 1, priority=Priority.HIGH)
def taper_needed(answers: Answers, ratings: Ratings) -> bool:
    """Regular benzodiazepines or sedatives: stopping suddenly can cause seizures."""
    return ratings.taper_needed


@_rule("perinatal_high_risk", 2, priority=Priority.URGENT)
def perinatal_high_risk(answers: Answers, ratings: Ratings) -> bool:
    """Pregnant and using opioids or a depressant: stopping suddenly can harm the pregnancy."""
    return ratings.perinatal == "high"


@_rule("perinatal_use", 2, priority=Priority.HIGH)
def perinatal_use(answers: Answers, ratings: Ratings) -> bool:
    return ratings.perinatal == "use"


@_rule("pregnancy", 2, priority=Priority.HIGH)
def pregnancy(answers: Answers, ratings: Ratings) -> bool:
    """Pregnant without use in the past 30 days (with use, a perinatal rule speaks instead)."""
    return "pregnancy" in answers.medical_conditions and ratings.perinatal == "none"


@_rule("adolescent", None, priority=Priority.HIGH)
def adolescent(answers: Answers, ratings: Ratings) -> bool:
    return answers.age < 18
