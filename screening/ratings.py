"""The derived ratings of the clinical reference: instruments and ASAM-style dimension ratings.

Each rating is judged on its own and never averaged with another one.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from screening.catalogue import CRISIS_SAFETY_KEYS, DEPRESSANTS, SAFETY_KEYS
from screening.model import Answers, Safety
from screening.validation import parse_safety

_DEPRESSANTS = frozenset(DEPRESSANTS)
_TAPERED = frozenset({"benzodiazepines", "sedatives"})
_REGULAR = ("daily", "weekly")
_URGENT_UNKNOWNS = CRISIS_SAFETY_KEYS
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
    # Only a yes counts: an unknown (None) is never a yes (see `_safety_unknown`).
    if safety.intent is True or safety.plan is True or safety.behavior_past_3_months is True:
        return "high"
    if safety.method is True:
        return "moderate"
    if safety.wish_dead is True or safety.suicidal_thoughts is True:
        return "low"
    return "none"


def suicide_risk(safety: Mapping[str, bool | None] | Safety) -> str:
    """C-SSRS-style triage of the safety answers: "high", "moderate", "low" or "none"."""
    return _suicide_risk(parse_safety(safety))


def _crisis(safety: Safety, suicide: str) -> bool:
    return suicide == "high" or safety.harm_others_plan is True


def is_crisis(safety: Mapping[str, bool | None] | Safety) -> bool:
    """Whether the safety answers alone show imminent risk (to the person or to someone else)."""
    checked = parse_safety(safety)
    return _crisis(checked, _suicide_risk(checked))


def _withdrawal_risk(answers: Answers, depressant_frequency: str | None) -> str:
    history = answers.withdrawal_history
    if not _DANGEROUS_WITHDRAWAL.isdisjoint(history) and (
        depressant_frequency in _REGULAR or answers.withdrawal_now
    ):
        return "severe"
    if depressant_frequency == "daily" and (
        answers.withdrawal_now or not _DEPENDENCE_SIGNS.isdisjoint(history)
    ):
        return "moderate"
    if (answers.withdrawal_now or history) and answers.frequency != "not_past_30_days":
        return "mild"
    return "none"


def _medical_risk(answers: Answers, depressant_frequency: str | None) -> str:
    organ_damage = not _ORGAN_DAMAGE.isdisjoint(answers.medical_conditions)
    if answers.medical_unstable or (organ_damage and depressant_frequency == "daily"):
        return "severe"
    return "none"


def _overdose_risk(answers: Answers, depressant_frequency: str | None) -> str:
    opioids = "opioids" in answers.substances
    tolerance_lost = answers.left_custody_recently or answers.discharged_recently
    if opioids and (
        answers.overdose_past_year or tolerance_lost or depressant_frequency in _REGULAR
    ):
        return "high"
    if answers.overdose_past_year or answers.injects or (opioids and answers.frequency == "daily"):
        return "moderate"
    return "none"


def _safety_unknown(safety: Safety) -> str:
    """ "urgent" when a crisis question is unknown, "other" when only another one is."""
    if any(getattr(safety, key) is None for key in _URGENT_UNKNOWNS):
        return "urgent"
    if any(getattr(safety, key) is None for key in SAFETY_KEYS):
        return "other"
    return "none"


def _perinatal(answers: Answers, depressant: bool) -> str:
    """ "high" (opioids or a depressant while pregnant), "use" (other recent use) or "none"."""
    if "pregnancy" not in answers.medical_conditions or answers.frequency == "not_past_30_days":
        return "none"
    return "high" if depressant or "opioids" in answers.substances else "use"


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
    depressant_frequency: str | None
    overdose: str
    safety_unknown: str
    perinatal: str
    taper_needed: bool

    @classmethod
    def of(cls, answers: Answers) -> "Ratings":
        suicide = _suicide_risk(answers.safety)
        depressant = not _DEPRESSANTS.isdisjoint(answers.substances)
        depressant_frequency = (
            (answers.depressant_frequency or answers.frequency) if depressant else None
        )
        return cls(
            severity=severity(len(answers.use_criteria)),
            suicide_risk=suicide,
            crisis=_crisis(answers.safety, suicide),
            withdrawal=_withdrawal_risk(answers, depressant_frequency),
            medical=_medical_risk(answers, depressant_frequency),
            psychiatric_unstable=bool(answers.mental_health) and not answers.mental_health_stable,
            co_occurring=bool(answers.mental_health)
            or _positive(answers.phq2)
            or _positive(answers.gad2),
            environment=_environment_risk(answers),
            relapse=_relapse_risk(answers),
            depressant_frequency=depressant_frequency,
            overdose=_overdose_risk(answers, depressant_frequency),
            safety_unknown=_safety_unknown(answers.safety),
            perinatal=_perinatal(answers, depressant),
            taper_needed=not _TAPERED.isdisjoint(answers.substances)
            and depressant_frequency in _REGULAR,
        )
