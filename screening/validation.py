"""Checking submitted answers against the documented format.

`parse_answers` collects every problem before it gives up, so a form or the command line can show
them all at once. Each problem names its field ("age", "safety.intent", "substances[2]").
"""

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from screening.catalogue import (
    DEPRESSANTS,
    FREQUENCY_ORDER,
    OPTIONAL_KEYS,
    QUESTIONS,
    Kind,
    Question,
)
from screening.model import Answers, InvalidAnswers, Problem, Safety

Problems = list[Problem]
_DEPRESSANTS = frozenset(DEPRESSANTS)
# A check reads one field's value, appends a Problem for anything wrong and returns the value.
Check = Callable[[str, Any, Problems], Any]


def _must_be_one_of(choices: tuple[str, ...]) -> str:
    return "must be one of: " + ", ".join(choices)


def _choice(choices: tuple[str, ...], nullable: bool = False) -> Check:
    message = _must_be_one_of(choices) + (" (or null)" if nullable else "")

    def check(field: str, value: Any, problems: Problems) -> str | None:
        if (nullable and value is None) or (isinstance(value, str) and value in choices):
            return value
        problems.append(Problem(field, message))
        return None

    return check


def _choices(choices: tuple[str, ...], at_least_one: bool = False) -> Check:
    message = _must_be_one_of(choices)
    allowed = frozenset(choices)

    def check(field: str, value: Any, problems: Problems) -> tuple[str, ...] | None:
        if not isinstance(value, list | tuple):
            problems.append(Problem(field, "must be a list"))
            return None
        if at_least_one and not value:
            problems.append(Problem(field, "must list at least one choice"))
            return None
        if _all_allowed_once(allowed, value):
            return tuple(value)
        _report_items(field, value, allowed, message, problems)
        return None

    return check


SHOWN_KEY_LENGTH = 40
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_]{1,40}")


def shown_key(key: Any) -> str:
    """A key from the input as it can be printed on one line: as is when it is a plain name,
    else quoted and escaped, and cut short."""
    if isinstance(key, str) and _PLAIN_KEY.fullmatch(key):
        return key
    quoted = json.dumps(str(key))
    return quoted if len(quoted) <= SHOWN_KEY_LENGTH else quoted[: SHOWN_KEY_LENGTH - 2] + '..."'


# A list of thousands of wrong items gets this many lines, then one that counts the rest.
MAX_ITEM_PROBLEMS = 10


def _report_items(
    field: str, items: Any, allowed: frozenset[str], message: str, problems: Problems
) -> None:
    """One line per wrong item (up to a few), one per repeated choice however often repeated."""
    wrong: list[int] = []
    first_repeat: dict[str, int] = {}
    counts: dict[str, int] = {}
    for index, item in enumerate(items):
        if not (isinstance(item, str) and item in allowed):
            wrong.append(index)
            continue
        counts[item] = counts.get(item, 0) + 1
        if counts[item] == 2:
            first_repeat[item] = index
    problems.extend(Problem(f"{field}[{index}]", message) for index in wrong[:MAX_ITEM_PROBLEMS])
    if len(wrong) > MAX_ITEM_PROBLEMS:
        more = len(wrong) - MAX_ITEM_PROBLEMS
        problems.append(Problem(field, f"and {more:,} more items that are not among the choices"))
    for item, index in first_repeat.items():
        times = "twice" if counts[item] == 2 else f"{counts[item]:,} times"
        problems.append(Problem(f"{field}[{index}]", f"lists {item} {times}"))


def _all_allowed_once(allowed: frozenset[str], items: list[Any] | tuple[Any, ...]) -> bool:
    """The quick check for the usual case; the slow one finds out which items are wrong."""
    try:
        return allowed.issuperset(items) and len(set(items)) == len(items)
    except TypeError:  # an unhashable item, such as a JSON list or object
        return False


def _yes_no(field: str, value: Any, problems: Problems) -> bool | None:
    if isinstance(value, bool):
        return value
    problems.append(Problem(field, "must be true or false"))
    return None


def _whole_number(low: int, high: int, nullable: bool = False) -> Check:
    message = f"must be a whole number from {low} to {high}" + (" (or null)" if nullable else "")

    def check(field: str, value: Any, problems: Problems) -> int | None:
        if nullable and value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return value
        problems.append(Problem(field, message))
        return None

    return check


def _check_fields(
    data: Mapping[str, Any],
    checks: Mapping[str, Check],
    prefix: str,
    problems: Problems,
    optional: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Check every known field of `data` and report unknown and missing ones."""
    if not checks.keys() >= data.keys():
        unknown = [key for key in data if key not in checks]
        problems.extend(
            Problem(f"{prefix}{shown_key(key)}", "is not a known answer")
            for key in unknown[:MAX_ITEM_PROBLEMS]
        )
        if len(unknown) > MAX_ITEM_PROBLEMS:
            more = len(unknown) - MAX_ITEM_PROBLEMS
            problems.append(Problem(prefix.rstrip("."), f"and {more:,} more unknown answers"))
    values: dict[str, Any] = {}
    for key, check in checks.items():
        if key in data:
            values[key] = check(f"{prefix}{key}", data[key], problems)
        elif key not in optional:
            problems.append(Problem(f"{prefix}{key}", "is required"))
    return values


def _yes_no_unsure(field: str, value: Any, problems: Problems) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    problems.append(Problem(field, "must be true, false or null"))
    return None


def _check_for(question: Question) -> Check:
    """The check a question's kind calls for."""
    if question.kind is Kind.ONE:
        return _choice(question.keys, nullable=question.nullable)
    if question.kind is Kind.MANY:
        return _choices(question.keys, at_least_one=question.at_least_one)
    if question.kind is Kind.YES_NO:
        return _yes_no
    if question.kind is Kind.YES_NO_UNSURE:
        return _yes_no_unsure
    if question.kind is Kind.NUMBER:
        return _whole_number(question.low, question.high, nullable=question.nullable)
    return _group(question)


def _group(question: Question) -> Check:
    checks = {item.key: _check_for(item) for item in question.items}

    def check(field: str, value: Any, problems: Problems) -> Safety | None:
        if not isinstance(value, Mapping):
            problems.append(Problem(field, "must be an object of true, false or null answers"))
            return None
        found = len(problems)
        values = _check_fields(value, checks, f"{field}.", problems)
        return Safety(**values) if len(problems) == found else None

    return check


_CHECKS: dict[str, Check] = {question.key: _check_for(question) for question in QUESTIONS}
_safety = _CHECKS["safety"]


def _check_relationship(
    data: Mapping[str, Any], values: dict[str, Any], problems: Problems
) -> None:
    """A loved one must say how they are related; a person answering for themselves must not."""
    if "relationship" not in values:
        return
    respondent, relationship = values.get("respondent"), values["relationship"]
    # A relationship that was given but invalid is None here too; it has its own problem already.
    if respondent == "loved_one" and relationship is None and data["relationship"] is None:
        problems.append(Problem("relationship", "is required when respondent is loved_one"))
    elif respondent == "self" and relationship is not None:
        problems.append(Problem("relationship", "must be null when respondent is self"))


def _check_primary_substance(values: dict[str, Any], problems: Problems) -> None:
    substances, primary = values.get("substances"), values.get("primary_substance")
    if substances and primary and primary not in substances:
        problems.append(Problem("primary_substance", "must be one of the listed substances"))


def _check_depressant_frequency(values: dict[str, Any], problems: Problems) -> None:
    """How often a depressant is used must fit the substances and how often any is used."""
    given, substances = values.get("depressant_frequency"), values.get("substances")
    if given is None or substances is None:
        return
    depressants = _DEPRESSANTS.intersection(substances)
    overall = values.get("frequency")
    if not depressants:
        problems.append(
            Problem(
                "depressant_frequency",
                "must be null when no alcohol, benzodiazepines or sedatives are listed",
            )
        )
    elif overall is None:
        return
    elif FREQUENCY_ORDER.index(given) < FREQUENCY_ORDER.index(overall):
        problems.append(Problem("depressant_frequency", "more often than frequency"))
    elif len(depressants) == len(substances) and given != overall:
        problems.append(
            Problem(
                "depressant_frequency",
                "must equal frequency when every listed substance is a depressant",
            )
        )


def parse_answers(data: Mapping[str, Any]) -> Answers:
    """Turn an answers JSON object into `Answers`, or raise `InvalidAnswers` with every problem."""
    if not isinstance(data, Mapping):
        raise InvalidAnswers([Problem("", "must be an object of answers")])
    problems: Problems = []
    values = _check_fields(data, _CHECKS, "", problems, optional=OPTIONAL_KEYS)
    _check_relationship(data, values, problems)
    _check_primary_substance(values, problems)
    _check_depressant_frequency(values, problems)
    if problems:
        raise InvalidAnswers(problems)
    return Answers(**values)


def parse_safety(data: Mapping[str, Any] | Safety) -> Safety:
    """The eight safety answers as a `Safety`, or `InvalidAnswers` naming every problem."""
    if isinstance(data, Safety):
        return data
    problems: Problems = []
    safety = _safety("safety", data, problems)
    if safety is None:
        raise InvalidAnswers(problems)
    return safety
