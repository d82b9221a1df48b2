"""Hypothesis strategies: valid answers, and changes that only add risk.

Valid answers come from the catalogue's own generator (`screening.bench.answers_from`), with
hypothesis making every choice, so a new question is generated without touching this file.
"""

from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from screening import vocab
from screening.bench import answers_from
from screening.catalogue import DEPRESSANTS, FREQUENCY_ORDER


class _Drawn:
    """A `screening.bench.Picker` whose choices hypothesis makes (and shrinks)."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw

    def one(self, options: Sequence[Any]) -> Any:
        return self.draw(st.sampled_from(tuple(options)))

    def some(self, options: Sequence[str], at_least: int) -> list[str]:
        return self.draw(st.lists(st.sampled_from(tuple(options)), min_size=at_least, unique=True))

    def number(self, low: int, high: int) -> int:
        return self.draw(st.integers(low, high))


@st.composite
def answers(draw: st.DrawFn) -> dict[str, Any]:
    """Any valid answers object."""
    return answers_from(_Drawn(draw))


# Answers that only add risk, from least to most risky where a key has an order.
FREQUENCY_RISK = tuple(reversed(FREQUENCY_ORDER))
LIVING_RISK = {"stable": 0, "unstable": 1, "homeless": 2, "with_active_user": 2}
_ADDABLE = {
    "substances": vocab.SUBSTANCES,
    "use_criteria": vocab.USE_CRITERIA,
    "withdrawal_history": vocab.WITHDRAWAL_SYMPTOMS,
    "medical_conditions": vocab.MEDICAL_CONDITIONS,
    "mental_health": vocab.MENTAL_HEALTH,
    "prior_treatment": vocab.PRIOR_TREATMENT,
}
_RISKY_YES = (
    "withdrawal_now",
    "medical_unstable",
    "psych_hospital_past_year",
    "discharged_recently",
    "relapse_after_treatment",
    "overdose_past_year",
    "injects",
    "left_custody_recently",
    "nicotine",
)


RISK_KINDS = (
    "add",
    "yes",
    "safety",
    "unstable",
    "frequency",
    "depressant_frequency",
    "living",
    "less_support",
    "younger",
    "screen",
)


def _only_depressants(substances: list[str]) -> bool:
    return set(DEPRESSANTS).issuperset(substances)


@st.composite
def riskier(draw: st.DrawFn, before: dict[str, Any]) -> dict[str, Any]:
    """`before` with one more risk answer."""
    after = {**before, "safety": dict(before["safety"])}
    kind = draw(st.sampled_from(RISK_KINDS))
    if kind == "add":
        key = draw(st.sampled_from(sorted(_ADDABLE)))
        extra = draw(st.sampled_from(_ADDABLE[key]))
        after[key] = [*before[key], extra] if extra not in before[key] else before[key]
    elif kind == "yes":
        after[draw(st.sampled_from(_RISKY_YES))] = True
    elif kind == "safety":
        # False becomes yes or not sure; not sure becomes yes.
        question = draw(st.sampled_from(vocab.SAFETY_QUESTIONS))
        if before["safety"][question] is not True:
            riskier_answers = (True, None) if before["safety"][question] is False else (True,)
            after["safety"][question] = draw(st.sampled_from(riskier_answers))
    elif kind == "unstable":
        after["mental_health_stable"] = False
    elif kind == "frequency":
        now = FREQUENCY_RISK.index(before["frequency"])
        after["frequency"] = draw(st.sampled_from(FREQUENCY_RISK[now:]))
        if before["depressant_frequency"] is not None and _only_depressants(before["substances"]):
            after["depressant_frequency"] = after["frequency"]
    elif kind == "depressant_frequency":
        # A depressant used more often, up to how often anything is used.
        if not _only_depressants(before["substances"]) and before["depressant_frequency"]:
            now = FREQUENCY_RISK.index(before["depressant_frequency"])
            most = FREQUENCY_RISK.index(before["frequency"])
            after["depressant_frequency"] = draw(st.sampled_from(FREQUENCY_RISK[now : most + 1]))
    elif kind == "living":
        worse = [
            place for place, risk in LIVING_RISK.items() if risk >= LIVING_RISK[before["living"]]
        ]
        after["living"] = draw(st.sampled_from(worse))
    elif kind == "less_support":
        after["support"] = before["support"][: draw(st.integers(0, len(before["support"])))]
    elif kind == "younger":
        after["age"] = draw(st.integers(12, before["age"]))
    else:
        screen = draw(st.sampled_from(("phq2", "gad2")))
        after[screen] = draw(st.integers(before[screen] or 0, 6))
    return after
