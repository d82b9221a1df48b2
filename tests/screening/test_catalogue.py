"""The questionnaire declared once: what it holds, when each question is asked, mood totals."""

import dataclasses

import pytest

from screening import Answers, parse_answers
from screening.catalogue import (
    BY_KEY,
    BY_PATH,
    DEFAULTS,
    OPTIONAL_KEYS,
    QUESTIONS,
    Condition,
    Kind,
    Match,
    mood_total,
)
from tests.screening.conftest import CALM, calm_answers

NEW_IN_2_0 = {
    "depressant_frequency": None,
    "overdose_past_year": False,
    "injects": False,
    "left_custody_recently": False,
    "nicotine": False,
}


def test_the_typed_answers_have_exactly_the_catalogues_questions():
    assert {field.name for field in dataclasses.fields(Answers)} == set(BY_KEY)
    optional = {
        field.name
        for field in dataclasses.fields(Answers)
        if field.default is not dataclasses.MISSING
    }
    assert optional == OPTIONAL_KEYS
    assert all(DEFAULTS[key] == Answers.__dataclass_fields__[key].default for key in OPTIONAL_KEYS)


def test_the_new_questions_are_optional_with_their_documented_defaults():
    assert {key: DEFAULTS[key] for key in NEW_IN_2_0} == NEW_IN_2_0
    assert {*NEW_IN_2_0, "phq2", "gad2"} <= OPTIONAL_KEYS


def test_a_1_0_answers_object_is_valid_and_round_trips_with_the_defaults():
    answers = parse_answers(CALM)

    assert answers.to_dict() == {**DEFAULTS, **CALM}
    assert {**CALM, **NEW_IN_2_0}.items() <= answers.to_dict().items()
    assert list(answers.to_dict()) == [question.key for question in QUESTIONS]
    assert parse_answers(answers.to_dict()) == answers


def test_every_choice_question_has_choices_and_staff_words():
    for question in BY_PATH.values():
        assert question.label
        if question.kind in (Kind.ONE, Kind.MANY):
            assert question.keys and all(label for _, label in question.choices)
            assert len(set(question.keys)) == len(question.keys)


def test_the_safety_answers_offer_not_sure():
    safety = BY_KEY["safety"]

    assert len(safety.items) == 8
    assert all(item.kind is Kind.YES_NO_UNSURE and item.nullable for item in safety.items)
    assert parse_answers(calm_answers(safety=dict.fromkeys(CALM["safety"]))).safety.plan is None


def _asked(path: str, **known) -> bool:
    return BY_PATH[path].is_asked(known)


@pytest.mark.parametrize("thoughts", [True, None])
@pytest.mark.parametrize("path", ["safety.method", "safety.intent", "safety.plan"])
def test_method_intent_and_plan_follow_thoughts_of_suicide_yes_or_not_sure(path, thoughts):
    assert _asked(path, safety={"suicidal_thoughts": thoughts})
    assert not _asked(path, safety={"suicidal_thoughts": False})
    assert not _asked(path, safety={})
    assert BY_PATH[path].skipped is False


def test_the_harm_plan_follows_thoughts_of_harm_yes_or_not_sure():
    assert _asked("safety.harm_others_plan", **{"safety.harm_others": None})
    assert _asked("safety.harm_others_plan", safety={"harm_others": True})
    assert not _asked("safety.harm_others_plan", safety={"harm_others": False})


@pytest.mark.parametrize(
    "path", ["safety.wish_dead", "safety.suicidal_thoughts", "safety.behavior_past_3_months"]
)
def test_the_screeners_first_questions_are_asked_of_everyone(path):
    assert _asked(path)


@pytest.mark.parametrize("substance", ["alcohol", "benzodiazepines", "sedatives", "opioids"])
def test_withdrawal_history_is_asked_whatever_the_frequency_for_depressants_and_opioids(substance):
    assert _asked("withdrawal_history", substances=[substance], frequency="not_past_30_days")
    assert not _asked("withdrawal_now", substances=[substance], frequency="not_past_30_days")
    assert _asked("withdrawal_now", substances=[substance], frequency="monthly")


def test_withdrawal_history_for_other_substances_only_with_use_in_the_past_30_days():
    assert _asked("withdrawal_history", substances=["cannabis"], frequency="weekly")
    assert not _asked("withdrawal_history", substances=["cannabis"], frequency="not_past_30_days")


@pytest.mark.parametrize(
    ("substances", "asked"),
    [
        (["alcohol", "cannabis"], True),
        (["benzodiazepines", "opioids"], True),
        (["alcohol"], False),
        (["alcohol", "sedatives"], False),
        (["cannabis", "stimulants"], False),
    ],
)
def test_depressant_frequency_only_with_a_depressant_and_another_substance(substances, asked):
    assert _asked("depressant_frequency", substances=substances) is asked
    assert BY_KEY["depressant_frequency"].skipped is None


@pytest.mark.parametrize(
    "key", ["overdose_past_year", "injects", "left_custody_recently", "nicotine", "age"]
)
def test_the_new_yes_no_questions_are_asked_of_everyone(key):
    assert _asked(key)


def test_relationship_only_for_a_loved_one():
    assert _asked("relationship", respondent="loved_one")
    assert not _asked("relationship", respondent="self")


def test_an_unanswered_earlier_question_asks_nothing_yet():
    assert not Condition("frequency", Match.IS, ("daily",)).holds({})
    assert not Condition("safety.harm_others", Match.IS, (True,)).holds({"safety": "?"})


@pytest.mark.parametrize(
    ("first", "second", "total"),
    [
        (1, 2, 3),
        (0, 0, 0),
        (3, 3, 6),
        (3, None, 3),
        (None, 3, 3),
        (2, None, None),
        (None, None, None),
    ],
)
def test_a_mood_total_with_a_skipped_item_counts_only_when_the_other_already_scores_3(
    first, second, total
):
    assert mood_total(first, second) == total
