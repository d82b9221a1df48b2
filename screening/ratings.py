"""The derived ratings of the clinical reference: instruments and ASAM-style dimension ratings.

Each rating is judged on its own and never averaged with another one.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from screening.model import Answers, Safety
from screening.validation import parse_safety

_DEPRESSANTS = frozenset({"alcohol", "benzodiazepines", "sedatives"})
_DANGEROUS_WITHDRAWAL = frozenset({"seizures", "delirium_tremens", "hallucinations"})
_DEPENDENCE_SIGNS = frozenset({"shakes_sweats", "nausea_vomiting"})
_ORGAN_DAMAGE = frozenset({"liver_disease", "pancreatitis"})
_UNSAFE_HOMES = frozenset({"homeless", "with_active_user"})
_STRUCTURED_CARE = frozenset({"iop", "residential", "inpatient"})
_SEVERITY_BY_COUNT = ("none", "none", "mild", "mild", "moderate", "moderate")
POSITIVE_SCREEN = 3  # PHQ-2 and GAD-2 totals at or above this are positive


def severity(criteria_count: int) -> str:
    """DSM-5 severity from how many of the 11 criteria apply."""
    return _SEVERITY_BY_COUNT[criteria_count] if criteria_count < 6 else "severe"


def _suicide_risk(safety: Safety) -> str:
    if safety.intent or safety.plan or safety.behavior_past_3_months:
        return "high"
    if safety.method:
        return "moderate"
    if safety.wish_dead or safety.suicidal_thoughts:
        return "low"
    return "none"


def suicide_risk(safety: Mapping[str, bool] | Safety) -> str:
    """C-SSRS-style triage of the safety answers: "high", "moderate", "low" or "none"."""
    return _suicide_risk(parse_safety(safety))


def _crisis(safety: Safety, suicide: str) -> bool:
    return suicide == "high" or safety.harm_others_plan


def is_crisis(safety: Mapping[str, bool] | Safety) -> bool:
    """Whether the safety answers alone show imminent risk (to the person or to someone else)."""
    checked = parse_safety(safety)
    return _crisis(checked, _suicide_risk(checked))


def _withdrawal_risk(answers: Answers, depressant: bool) -> str:
    history = answers.withdrawal_history
    recent = answers.frequency in ("daily", "weekly")
    if not _DANGEROUS_WITHDRAWAL.isdisjoint(history) and (
        (depressant and recent) or answers.withdrawal_now
    ):
        return "severe"
    if (
        depressant
        and answers.frequency == "daily"
        and (answers.withdrawal_now or not _DEPENDENCE_SIGNS.isdisjoint(history))
    ):
        return "moderate"
    if (answers.withdrawal_now or history) and answers.frequency != "not_past_30_days":
        return "mild"
    return "none"


def _medical_risk(answers: Answers) -> str:
    organ_damage = not _ORGAN_DAMAGE.isdisjoint(answers.medical_conditions)
    if answers.medical_unstable or (organ_damage and answers.frequency == "daily"):
        return "severe"
    return "none"


def _environment_risk(answers: Answers) -> str:
    if answers.living in _UNSAFE_HOMES:
        return "high"
    if answers.living == "unstable" or not answers.support:
        return "moderate"
    return "low"


def _relapse_risk(answers: Answers) -> str:
    if not answers.relapse_after_treatment:
        return "low"
    if _STRUCTURED_CARE.isdisjoint(answers.prior_treatment):
        return "moderate"
    return "high"


def _positive(score: int | None) -> bool:
    return score is not None and score >= POSITIVE_SCREEN


@dataclass(frozen=True, slots=True)
class Ratings:
    """Everything the decision rules read, derived once from the answers."""

    severity: str
    suicide_risk: str
    crisis: bool
    withdrawal: str
    medical: str
    psychiatric_unstable: bool
    co_occurring: bool
    environment: str
    relapse: str

    @classmethod
    def of(cls, answers: Answers) -> "Ratings":
        suicide = _suicide_risk(answers.safety)
        depressant = not _DEPRESSANTS.isdisjoint(answers.substances)
        return cls(
            severity=severity(len(answers.use_criteria)),
            suicide_risk=suicide,
            crisis=_crisis(answers.safety, suicide),
            withdrawal=_withdrawal_risk(answers, depressant),
            medical=_medical_risk(answers),
            psychiatric_unstable=bool(answers.mental_health) and not answers.mental_health_stable,
            co_occurring=bool(answers.mental_health)
            or _positive(answers.phq2)
            or _positive(answers.gad2),
            environment=_environment_risk(answers),
            relapse=_relapse_risk(answers),
        )
