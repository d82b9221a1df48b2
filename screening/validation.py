"""Checking submitted answers against the documented format.

`parse_answers` collects every problem before it gives up, so a form or the command line can show
them all at once. Each problem names its field ("age", "safety.intent", "substances[2]").
"""

from collections.abc import Callable, Mapping
from typing import Any

from screening import vocab
from screening.model import Answers, InvalidAnswers, Problem, Safety

Problems = list[Problem]
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
        for index, item in enumerate(value):
            if not (isinstance(item, str) and item in allowed):
                problems.append(Problem(f"{field}[{index}]", message))
            elif item in value[:index]:
                problems.append(Problem(f"{field}[{index}]", f"lists {item} twice"))
        return None

    return check


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
        problems.extend(
            Problem(f"{prefix}{key}", "is not a known answer") for key in data if key not in checks
        )
    values: dict[str, Any] = {}
    for key, check in checks.items():
        if key in data:
            values[key] = check(f"{prefix}{key}", data[key], problems)
        elif key not in optional:
            problems.append(Problem(f"{prefix}{key}", "is required"))
    return values


_SAFETY_CHECKS = dict.fromkeys(vocab.SAFETY_QUESTIONS, _yes_no)


def _safety(field: str, value: Any, problems: Problems) -> Safety | None:
    if not isinstance(value, Mapping):
        problems.append(Problem(field, "must be an object of true/false answers"))
        return None
    found = len(problems)
    values = _check_fields(value, _SAFETY_CHECKS, f"{field}.", problems)
    return Safety(**values) if len(problems) == found else None


_CHECKS: dict[str, Check] = {
    "respondent": _choice(vocab.RESPONDENTS),
    "relationship": _choice(vocab.RELATIONSHIPS, nullable=True),
    "age": _whole_number(12, 110),
    "substances": _choices(vocab.SUBSTANCES, at_least_one=True),
    "primary_substance": _choice(vocab.SUBSTANCES),
    "frequency": _choice(vocab.FREQUENCIES),
    "use_criteria": _choices(vocab.USE_CRITERIA),
    "withdrawal_history": _choices(vocab.WITHDRAWAL_SYMPTOMS),
    "withdrawal_now": _yes_no,
    "medical_conditions": _choices(vocab.MEDICAL_CONDITIONS),
    "medical_unstable": _yes_no,
    "safety": _safety,
    "mental_health": _choices(vocab.MENTAL_HEALTH),
    "mental_health_stable": _yes_no,
    "phq2": _whole_number(0, 6, nullable=True),
    "gad2": _whole_number(0, 6, nullable=True),
    "psych_hospital_past_year": _yes_no,
    "prior_treatment": _choices(vocab.PRIOR_TREATMENT),
    "discharged_recently": _yes_no,
    "relapse_after_treatment": _yes_no,
    "living": _choice(vocab.LIVING),
    "support": _choices(vocab.SUPPORT),
    "obligations": _choices(vocab.OBLIGATIONS),
    "group_comfort": _choice(vocab.GROUP_COMFORT),
    "readiness": _choice(vocab.READINESS),
}
_OPTIONAL = frozenset({"phq2", "gad2"})


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


def parse_answers(data: Mapping[str, Any]) -> Answers:
    """Turn an answers JSON object into `Answers`, or raise `InvalidAnswers` with every problem."""
    if not isinstance(data, Mapping):
        raise InvalidAnswers([Problem("", "must be an object of answers")])
    problems: Problems = []
    values = _check_fields(data, _CHECKS, "", problems, optional=_OPTIONAL)
    _check_relationship(data, values, problems)
    _check_primary_substance(values, problems)
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
