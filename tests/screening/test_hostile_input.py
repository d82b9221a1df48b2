"""Hostile input in-process: each kind gets one short clear problem, never a crash."""

import io
import json

import pytest

from screening import Voice, parse_answers
from screening.catalogue import BY_KEY
from screening.cli import InvalidInput, load_json, read_input
from screening.model import InvalidAnswers
from screening.validation import shown_key
from screening.voice import voiced
from tests.screening.conftest import CALM, calm_answers


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[" * 100_000 + "]" * 100_000, "input: is nested too deeply to read"),
        ('{"age": ' + "9" * 5000 + "}", "input: holds a number too long to read"),
        ("\ufeff{}", "input: starts with a byte-order mark; save it as UTF-8 without one"),
        ('{"a": 1, "a": 2}', 'input: the key "a" appears more than once in an object'),
        ('{"s": {"a b": 1, "a b": 2}}', 'input: the key "a b" appears more than once in an object'),
    ],
)
def test_load_json_refuses_with_one_line(text, line):
    with pytest.raises(InvalidInput) as raised:
        load_json(text)

    assert raised.value.lines == [line]


def test_load_json_reads_ordinary_json():
    assert load_json('{"a": [1, {"b": null}]}') == {"a": [1, {"b": None}]}


def test_standard_input_is_read_as_bytes_so_bad_bytes_get_their_line():
    class Stdin(io.StringIO):
        buffer = io.BytesIO(b"\xff")

    with pytest.raises(InvalidInput) as raised:
        read_input(None, Stdin())
    assert raised.value.lines == ["input: is not UTF-8 text"]


def problems_of(data) -> list[str]:
    with pytest.raises(InvalidAnswers) as raised:
        parse_answers(data)
    return [str(problem) for problem in raised.value.problems]


def test_thousands_of_unknown_answers_are_ten_lines_and_a_count():
    data = {**CALM, **{f"extra{n}": n for n in range(5000)}}

    problems = problems_of(data)

    assert len(problems) == 11
    assert problems[-1] == "answers: and 4,990 more unknown answers"


def test_thousands_of_wrong_items_are_ten_lines_and_a_count():
    problems = problems_of(calm_answers(obligations=list(range(100))))

    assert problems[-1] == "obligations: and 90 more items that are not among the choices"
    assert len(problems) == 11


def test_a_long_or_odd_key_is_quoted_and_cut_short():
    assert shown_key("age") == "age"
    assert shown_key("a\nb") == '"a\\nb"'
    assert shown_key("x" * 100) == '"' + "x" * 37 + '..."'
    assert shown_key(7) == '"7"'


def test_a_depressant_frequency_with_an_invalid_frequency_reports_only_the_frequency():
    problems = problems_of(
        calm_answers(
            substances=["alcohol"],
            primary_substance="alcohol",
            frequency="often",
            depressant_frequency="daily",
        )
    )

    assert problems == ["frequency: must be one of: daily, weekly, monthly, not_past_30_days"]


def test_voiced_gives_every_sentence_in_one_voice():
    assert voiced(["pregnancy"], Voice.STAFF) == ["Pregnant: call soon."]


def test_choice_labels_pair_each_key_with_staff_words():
    assert BY_KEY["living"].choice_labels["with_active_user"] == "Lives with someone who uses"
    assert json.dumps(BY_KEY["respondent"].choice_labels)
