"""Properties that hold for every valid answers object, checked over generated answers."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening import (
    LEVEL_ORDER,
    RULES_VERSION,
    Level,
    Priority,
    evaluate,
    is_crisis,
    parse_answers,
    suicide_risk,
)
from screening.voice import group_reasons
from tests.screening.strategies import answers, riskier

PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def assess(data):
    return evaluate(parse_answers(data))


@PROPERTY_SETTINGS
@given(st.data())
def test_adding_a_risk_never_lowers_level_or_priority(data):
    before = data.draw(answers())
    after = data.draw(riskier(before))

    first, second = assess(before), assess(after)

    assert second.level.rank >= first.level.rank
    assert second.priority.rank >= first.priority.rank


@PROPERTY_SETTINGS
@given(answers())
def test_crisis_means_inpatient_and_urgent(data):
    assessment = assess(data)

    assert assessment.crisis is is_crisis(data["safety"])
    if assessment.crisis:
        assert assessment.level is Level.INPATIENT
        assert assessment.priority is Priority.URGENT


@PROPERTY_SETTINGS
@given(answers())
def test_same_answers_give_the_same_assessment(data):
    assert assess(data) == assess(data)
    assert assess(data).to_dict() == assess(dict(reversed(data.items()))).to_dict()


@PROPERTY_SETTINGS
@given(answers())
def test_recommended_level_fits_best_and_unsafe_levels_score_zero(data):
    assessment = assess(data)
    fit = assessment.fit
    floor = max(
        (
            Level(reason.supports).rank
            for reason in assessment.reasons
            if not reason.code.startswith("severity_")
        ),
        default=0,
    )

    assert list(fit) == [level.value for level in LEVEL_ORDER]
    assert all(
        fit[assessment.level] > score for level, score in fit.items() if level != assessment.level
    )
    assert all(fit[level] == 0 for level in LEVEL_ORDER[:floor])
    assert all(0 < fit[level] <= 100 for level in LEVEL_ORDER[floor:])


@PROPERTY_SETTINGS
@given(answers())
def test_every_assessment_explains_itself(data):
    assessment = assess(data)

    assert assessment.reasons
    why, _ = group_reasons(assessment)
    assert why, "at least one reason asks for the recommended level"
    assert all(reason.supports == assessment.level for reason in why)
    assert list(assessment.flags) == sorted(set(assessment.flags))
    assert assessment.rules_version == RULES_VERSION == "2.0.0"


@PROPERTY_SETTINGS
@given(answers())
def test_assessment_survives_a_round_trip_through_json(data):
    assessment = assess(data)

    assert type(assessment).from_dict(assessment.to_dict()) == assessment
    assert parse_answers(data).to_dict() == data
    assert suicide_risk(data["safety"]) in ("none", "low", "moderate", "high")


@PROPERTY_SETTINGS
@given(st.data())
def test_a_not_sure_safety_answer_never_lowers_anything_compared_with_no(data):
    said_no = data.draw(answers())
    question = data.draw(st.sampled_from(sorted(said_no["safety"])))
    said_no["safety"][question] = False
    not_sure = {**said_no, "safety": {**said_no["safety"], question: None}}

    no, unsure = assess(said_no), assess(not_sure)

    assert unsure.level.rank >= no.level.rank
    assert unsure.priority.rank >= no.priority.rank
    assert unsure.crisis is no.crisis
    assert set(no.flags) - {"safety_unknown"} <= set(unsure.flags)
    assert "safety_unknown" in unsure.flags
