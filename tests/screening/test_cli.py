"""`manage.py screen`: answers JSON in, assessment JSON out; invalid input exits 2."""

import io
import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from screening import evaluate, parse_answers
from screening.cli import InvalidInput, assess_json, read_input
from tests.screening.conftest import CALM, REPO_ROOT, load_vignettes
from tests.screening.invalid_cases import INVALID, apply

VIGNETTE_ANSWERS = [vignette["answers"] for vignette in load_vignettes()]


def screen(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "screen", *args],
        cwd=REPO_ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def expected_output(answers: dict) -> dict:
    return evaluate(parse_answers(answers)).to_dict()


def test_file_with_one_answers_object_prints_its_assessment(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(VIGNETTE_ANSWERS[0]))

    result = screen(str(path))

    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout) == expected_output(VIGNETTE_ANSWERS[0])


def test_list_on_stdin_prints_a_list_in_the_documented_shape():
    result = screen(stdin=json.dumps(VIGNETTE_ANSWERS))

    assert (result.returncode, result.stderr) == (0, "")
    printed = json.loads(result.stdout)
    assert printed == [expected_output(answers) for answers in VIGNETTE_ANSWERS]
    assert list(printed[0]) == [
        "level",
        "crisis",
        "priority",
        "severity",
        "fit",
        "reasons",
        "flags",
        "rules_version",
    ]
    assert list(printed[0]["reasons"][0]) == ["code", "dimension", "text", "supports"]


def test_invalid_answers_exit_2_with_one_line_per_problem_and_nothing_on_stdout():
    result = screen(stdin=json.dumps(apply(CALM, {"age": 200, "living": "car"})))

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "age: must be a whole number from 12 to 110",
        "living: must be one of: stable, unstable, homeless, with_active_user",
    ]


def test_invalid_items_of_a_list_are_prefixed_by_their_index():
    items = [CALM] + [apply(CALM, changes) for _, changes, _ in INVALID]

    result = screen(stdin=json.dumps(items))

    assert (result.returncode, result.stdout) == (2, "")
    expected = [
        f"[{index}].{field}: {message}"
        for index, (_, _, problems) in enumerate(INVALID, start=1)
        for field, message in problems.items()
    ]
    assert result.stderr.splitlines() == expected


@pytest.mark.parametrize(
    ("changes", "expected"), [case[1:] for case in INVALID], ids=[case[0] for case in INVALID]
)
def test_command_reports_each_invalid_field(changes, expected):
    stdout, stderr = io.StringIO(), io.StringIO()

    with pytest.raises(SystemExit) as exited:
        call_command(
            "screen",
            stdin=io.StringIO(json.dumps(apply(CALM, changes))),
            stdout=stdout,
            stderr=stderr,
        )

    assert exited.value.code == 2
    assert stdout.getvalue() == ""
    assert stderr.getvalue().splitlines() == [
        f"{field}: {message}" for field, message in expected.items()
    ]


def test_command_reads_a_file(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(CALM))
    stdout = io.StringIO()

    call_command("screen", str(path), stdout=stdout)

    assert json.loads(stdout.getvalue()) == expected_output(CALM)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            "{",
            "input: is not valid JSON (Expecting property name enclosed in double quotes: "
            "line 1 column 2 (char 1))",
        ),
        ("", "input: is not valid JSON (Expecting value: line 1 column 1 (char 0))"),
        ("3", "answers: must be an object of answers"),
        ('[{"age": 40}, 3]', "[1]: must be an object of answers"),
    ],
)
def test_input_that_is_not_answers_is_refused(text, line):
    with pytest.raises(InvalidInput) as raised:
        assess_json(text)

    assert line in raised.value.lines


def test_empty_list_gives_an_empty_list():
    assert json.loads(assess_json("[]")) == []


def test_missing_file_is_reported(tmp_path):
    missing = tmp_path / "missing.json"

    with pytest.raises(InvalidInput) as raised:
        read_input(str(missing))

    assert raised.value.lines == [f"{missing}: cannot be read (No such file or directory)"]


def test_file_that_is_not_text_is_reported(tmp_path):
    path = tmp_path / "answers.json"
    path.write_bytes(b"\xff\xfe{}")

    with pytest.raises(InvalidInput) as raised:
        read_input(str(path))

    assert raised.value.lines == [f"{path}: is not UTF-8 text"]


def test_missing_file_exits_2_through_the_command(tmp_path):
    result = screen(str(tmp_path / "missing.json"))

    assert (result.returncode, result.stdout) == (2, "")
    assert "cannot be read" in result.stderr


def test_no_file_reads_stdin():
    assert read_input(None, io.StringIO("[]")) == "[]"


def screen_bytes(data: bytes) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "screen"],
        cwd=REPO_ROOT,
        input=data,
        capture_output=True,
        timeout=120,
        check=False,
    )


def _calm_text(**changes) -> str:
    return json.dumps(apply(CALM, changes))


HOSTILE = [
    ("nested_arrays", ("[" * 100_000 + "]" * 100_000).encode(), ["input: is nested too deeply"]),
    (
        "five_thousand_digit_age",
        _calm_text().replace('"age": 30', '"age": ' + "9" * 5000).encode(),
        ["input: holds a number too long to read"],
    ),
    (
        "byte_order_mark",
        b"\xef\xbb\xbf" + _calm_text().encode(),
        ["input: starts with a byte-order mark"],
    ),
    (
        "duplicate_key",
        _calm_text().replace('"age": 30', '"age": 30, "age": 31').encode(),
        ['input: the key "age" appears more than once'],
    ),
    (
        "duplicate_safety_key",
        _calm_text().replace('"plan": false', '"plan": false, "plan": true').encode(),
        ['input: the key "plan" appears more than once'],
    ),
    (
        "repeated_criteria",
        _calm_text(use_criteria=["craving"] * 100_000).encode(),
        ["use_criteria[1]: lists craving 100,000 times"],
    ),
    (
        "many_wrong_items",
        _calm_text(support=[f"pet{n}" for n in range(50_000)]).encode(),
        ["support: and 49,990 more items that are not among the choices"],
    ),
    ("not_utf8", b'{"age": "\xff"}', ["input: is not UTF-8 text"]),
    (
        "odd_unknown_key",
        _calm_text(**{"a\nb\udcff" + "x" * 100: 1}).encode(),
        ['"a\\nb\\udcffxxx'],
    ),
]


@pytest.mark.parametrize(("data", "starts"), [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_hostile_input_exits_2_with_short_clear_lines_and_no_traceback(data, starts):
    result = screen_bytes(data)
    lines = result.stderr.decode().splitlines()

    assert (result.returncode, result.stdout) == (2, b"")
    assert "Traceback" not in result.stderr.decode()
    assert all(any(line.startswith(start) for line in lines) for start in starts)
    assert len(lines) <= 11
    assert all(len(line) < 200 for line in lines)


def test_an_unknown_key_with_a_line_break_is_shown_escaped_on_one_line():
    result = screen_bytes(_calm_text(**{"bad\nkey" * 20: 1}).encode())
    lines = result.stderr.decode().splitlines()

    assert result.returncode == 2
    assert len(lines) == 1
    assert lines[0].startswith('"bad\\nkeybad\\nkey')
    assert lines[0].endswith('...": is not a known answer')
    assert len(lines[0]) < 80
