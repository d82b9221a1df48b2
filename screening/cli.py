"""The command-line contract, kept free of Django: JSON text in, assessment JSON text out.

`manage.py screen` is a thin wrapper around `read_input` and `assess_json`.
"""

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from screening.decision import evaluate
from screening.model import InvalidAnswers, Problem
from screening.validation import parse_answers


class InvalidInput(Exception):
    """Input that cannot be assessed; `lines` holds one "field: message" line per problem."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def read_input(path: str | None, stdin: TextIO = sys.stdin) -> str:
    """The text of the file at `path`, or of standard input when there is no path."""
    if path is None:
        return stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise InvalidInput([f"{path}: cannot be read ({error.strerror})"]) from error
    except UnicodeDecodeError as error:
        raise InvalidInput([f"{path}: is not UTF-8 text"]) from error


def _item_line(index: int, problem: Problem) -> str:
    field = f"[{index}].{problem.field}" if problem.field else f"[{index}]"
    return f"{field}: {problem.message}"


def _assess_one(data: Any) -> dict[str, Any]:
    return evaluate(parse_answers(data)).to_dict()


def _assess_list(items: list[Any]) -> list[dict[str, Any]]:
    """Assess every item, or report the problems of every invalid item, prefixed by its index."""
    assessments, lines = [], []
    for index, item in enumerate(items):
        try:
            assessments.append(_assess_one(item))
        except InvalidAnswers as invalid:
            lines.extend(_item_line(index, problem) for problem in invalid.problems)
    if lines:
        raise InvalidInput(lines)
    return assessments


def assess_json(text: str) -> str:
    """Assess one answers object, or a list of them, given as JSON text."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput([f"input: is not valid JSON ({error})"]) from error
    if isinstance(data, list):
        return json.dumps(_assess_list(data), indent=2, ensure_ascii=False)
    try:
        return json.dumps(_assess_one(data), indent=2, ensure_ascii=False)
    except InvalidAnswers as invalid:
        raise InvalidInput([str(problem) for problem in invalid.problems]) from invalid
