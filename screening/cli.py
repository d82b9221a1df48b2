"""The command-line contract, kept free of Django: JSON text in, assessment JSON text out.

`manage.py screen` is a thin wrapper around `read_input` and `assess_json`.
"""

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from screening.decision import evaluate
from screening.model import InvalidAnswers, Problem
from screening.validation import parse_answers, shown_key


class InvalidInput(Exception):
    """Input that cannot be assessed; `lines` holds one "field: message" line per problem."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def decode(data: bytes, source: str) -> str:
    """UTF-8 bytes as text, or one line saying they are not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInput([f"{source}: is not UTF-8 text"]) from error


def read_input(path: str | None, stdin: TextIO = sys.stdin) -> str:
    """The text of the file at `path`, or of standard input when there is no path."""
    if path is None:
        raw = getattr(stdin, "buffer", None)
        # Read bytes when there are any, so that input which is not UTF-8 gets its line too.
        return decode(raw.read(), "input") if raw is not None else stdin.read()
    try:
        return decode(Path(path).read_bytes(), path)
    except OSError as error:
        raise InvalidInput([f"{path}: cannot be read ({error.strerror})"]) from error


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _DuplicateKey(key)
        found[key] = value
    return found


def load_json(text: str, source: str = "input") -> Any:
    """Parse JSON text strictly: a repeated key, a byte-order mark, nesting deeper than Python
    can follow or a number too long to read is one clear line (`InvalidInput`), never a crash."""
    if text.startswith("\ufeff"):
        raise InvalidInput(
            [f"{source}: starts with a byte-order mark; save it as UTF-8 without one"]
        )
    try:
        return json.loads(text, object_pairs_hook=_refuse_duplicates)
    except _DuplicateKey as duplicate:
        shown = shown_key(duplicate.key)
        shown = shown if shown.startswith('"') else f'"{shown}"'
        line = f"{source}: the key {shown} appears more than once in an object"
        raise InvalidInput([line]) from None
    except json.JSONDecodeError as error:
        raise InvalidInput([f"{source}: is not valid JSON ({error})"]) from None
    except RecursionError:
        raise InvalidInput([f"{source}: is nested too deeply to read"]) from None
    except ValueError:  # an integer beyond Python's limit on digits
        raise InvalidInput([f"{source}: holds a number too long to read"]) from None


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
    data = load_json(text)
    if isinstance(data, list):
        return json.dumps(_assess_list(data), indent=2, ensure_ascii=False)
    try:
        return json.dumps(_assess_one(data), indent=2, ensure_ascii=False)
    except InvalidAnswers as invalid:
        raise InvalidInput([str(problem) for problem in invalid.problems]) from invalid
