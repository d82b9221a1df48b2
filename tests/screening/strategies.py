"""Hypothesis strategies: valid answers, and changes that only add risk."""

from typing import Any

from hypothesis import strategies as st

from screening import vocab


def _some(choices: tuple[str, ...], min_size: int = 0) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(choices), min_size=min_size, unique=True)


@st.composite
def answers(draw: st.DrawFn) -> dict[str, Any]:
    """Any valid answers object."""
    respondent = draw(st.sampled_from(vocab.RESPONDENTS))
    substances = draw(_some(vocab.SUBSTANCES, min_size=1))
    return {
        "respondent": respondent,
        "relationship": draw(st.sampled_from(vocab.RELATIONSHIPS))
        if respondent == "loved_one"
        else None,
        "age": draw(st.integers(12, 110)),
        "substances": substances,
        "primary_substance": draw(st.sampled_from(substances)),
        "frequency": draw(st.sampled_from(vocab.FREQUENCIES)),
        "use_criteria": draw(_some(vocab.USE_CRITERIA)),
        "withdrawal_history": draw(_some(vocab.WITHDRAWAL_SYMPTOMS)),
        "withdrawal_now": draw(st.booleans()),
        "medical_conditions": draw(_some(vocab.MEDICAL_CONDITIONS)),
        "medical_unstable": draw(st.booleans()),
        "safety": draw(st.fixed_dictionaries(dict.fromkeys(vocab.SAFETY_QUESTIONS, st.booleans()))),
        "mental_health": draw(_some(vocab.MENTAL_HEALTH)),
        "mental_health_stable": draw(st.booleans()),
        "phq2": draw(st.none() | st.integers(0, 6)),
        "gad2": draw(st.none() | st.integers(0, 6)),
        "psych_hospital_past_year": draw(st.booleans()),
        "prior_treatment": draw(_some(vocab.PRIOR_TREATMENT)),
        "discharged_recently": draw(st.booleans()),
        "relapse_after_treatment": draw(st.booleans()),
        "living": draw(st.sampled_from(vocab.LIVING)),
        "support": draw(_some(vocab.SUPPORT)),
        "obligations": draw(_some(vocab.OBLIGATIONS)),
        "group_comfort": draw(st.sampled_from(vocab.GROUP_COMFORT)),
        "readiness": draw(st.sampled_from(vocab.READINESS)),
    }


# Answers that only add risk, from least to most risky where a key has an order.
FREQUENCY_RISK = ("not_past_30_days", "monthly", "weekly", "daily")
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
)


RISK_KINDS = (
    "add",
    "yes",
    "safety",
    "unstable",
    "frequency",
    "living",
    "less_support",
    "younger",
    "screen",
)


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
        after["safety"][draw(st.sampled_from(vocab.SAFETY_QUESTIONS))] = True
    elif kind == "unstable":
        after["mental_health_stable"] = False
    elif kind == "frequency":
        now = FREQUENCY_RISK.index(before["frequency"])
        after["frequency"] = draw(st.sampled_from(FREQUENCY_RISK[now:]))
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
