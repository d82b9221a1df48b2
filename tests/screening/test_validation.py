"""Validation of answers through the Python API: every problem, each naming its field."""

import pytest

from screening import InvalidAnswers, Problem, Safety, is_crisis, parse_answers, suicide_risk
from screening.catalogue import DEFAULTS
from tests.screening.conftest import CALM, calm_answers
from tests.screening.invalid_cases import INVALID, apply


def problems_of(data) -> dict[str, str]:
    with pytest.raises(InvalidAnswers) as raised:
        parse_answers(data)
    return {problem.field: problem.message for problem in raised.value.problems}


@pytest.mark.parametrize(
    ("changes", "expected"), [case[1:] for case in INVALID], ids=[case[0] for case in INVALID]
)
def test_invalid_field_is_named_with_a_plain_message(changes, expected):
    assert problems_of(apply(CALM, changes)) == expected


def test_every_problem_is_reported_not_just_the_first():
    data = calm_answers(age=9, frequency="often", support=["dog", "cat"], extra=1)
    del data["readiness"]

    assert problems_of(data) == {
        "extra": "is not a known answer",
        "age": "must be a whole number from 12 to 110",
        "frequency": "must be one of: daily, weekly, monthly, not_past_30_days",
        "support[0]": "must be one of: family, partner, friends, sponsor, mutual_help",
        "support[1]": "must be one of: family, partner, friends, sponsor, mutual_help",
        "readiness": "is required",
    }


def test_empty_object_lists_every_required_answer():
    problems = problems_of({})

    assert len(problems) == 23  # every answer but the optional phq2 and gad2
    assert set(problems.values()) == {"is required"}


@pytest.mark.parametrize("data", [None, [], "answers", 3])
def test_answers_must_be_an_object(data):
    with pytest.raises(InvalidAnswers) as raised:
        parse_answers(data)

    assert raised.value.problems == [Problem("", "must be an object of answers")]
    assert str(raised.value) == "answers: must be an object of answers"


def test_invalid_respondent_does_not_add_a_relationship_problem():
    assert set(problems_of(calm_answers(respondent="neighbour", relationship="friend"))) == {
        "respondent"
    }


def test_invalid_substances_do_not_add_a_primary_substance_problem():
    assert set(problems_of(calm_answers(substances=["tea"], primary_substance="alcohol"))) == {
        "substances[0]"
    }


def test_screening_scores_are_optional():
    data = calm_answers()
    del data["phq2"], data["gad2"]

    answers = parse_answers(data)

    assert (answers.phq2, answers.gad2) == (None, None)


def test_loved_one_with_relationship_is_valid():
    answers = parse_answers(calm_answers(respondent="loved_one", relationship="sibling"))

    assert answers.relationship == "sibling"


def test_lists_become_tuples_and_round_trip():
    answers = parse_answers(calm_answers(substances=["alcohol", "cannabis"]))

    assert answers.substances == ("alcohol", "cannabis")
    assert answers.to_dict() == {**DEFAULTS, **calm_answers(substances=["alcohol", "cannabis"])}


def test_invalid_answers_message_joins_every_problem():
    error = InvalidAnswers([Problem("age", "is required"), Problem("safety.plan", "is required")])

    assert str(error) == "age: is required; safety.plan: is required"


@pytest.mark.parametrize(
    ("safety", "risk", "crisis"),
    [
        ({}, "none", False),
        ({"wish_dead": True}, "low", False),
        ({"suicidal_thoughts": True}, "low", False),
        ({"method": True, "wish_dead": True}, "moderate", False),
        ({"intent": True}, "high", True),
        ({"plan": True}, "high", True),
        ({"behavior_past_3_months": True}, "high", True),
        ({"harm_others": True}, "none", False),
        ({"harm_others_plan": True}, "none", True),
    ],
)
def test_safety_step_alone_tells_crisis_and_suicide_risk(safety, risk, crisis):
    answered = {**CALM["safety"], **safety}

    assert suicide_risk(answered) == risk
    assert is_crisis(answered) is crisis
    assert is_crisis(Safety(**answered)) is crisis


def test_safety_step_with_a_missing_answer_is_refused():
    answered = dict(CALM["safety"])
    del answered["intent"]

    with pytest.raises(InvalidAnswers) as raised:
        is_crisis(answered)

    assert raised.value.problems == [Problem("safety.intent", "is required")]
