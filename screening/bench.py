"""How many assessments per second the rules make on one core.

`python -m screening.bench [COUNT]` prints the figures; `run_bench()` returns them for the project
benchmark. The workload is answers generated from a fixed seed by `answers_from`, which reads the
questionnaire catalogue (every choice of every question appears), each validated and evaluated:
what the wizard and `manage.py screen` do for every person. The module reads no file: the worked
cases are the tests' fixtures, not the benchmark's load.
"""

import random
import sys
import time
from collections.abc import Sequence
from typing import Any, Protocol

from screening.catalogue import QUESTIONS, Kind, Question, options_given
from screening.decision import evaluate
from screening.validation import parse_answers

GENERATED = 10_000
SEED = 2026
ROUNDS = 3


class Picker(Protocol):
    """Where a generator's choices come from: a seeded `random.Random`, or hypothesis."""

    def one(self, options: Sequence[Any]) -> Any: ...

    def some(self, options: Sequence[str], at_least: int) -> list[str]: ...

    def number(self, low: int, high: int) -> int: ...


def _answer(question: Question, known: dict[str, Any], pick: Picker) -> Any:
    if question.kind is Kind.GROUP:
        return {item.key: _answer(item, known, pick) for item in question.items}
    if question.kind is Kind.ONE:
        return pick.one(options_given(question, known))
    if question.kind is Kind.MANY:
        return pick.some(question.keys, 1 if question.at_least_one else 0)
    if question.kind is Kind.YES_NO:
        return pick.one((False, True))
    if question.kind is Kind.YES_NO_UNSURE:
        return pick.one((False, True, None))
    number = pick.number(question.low, question.high)
    return pick.one((None, number)) if question.nullable else number


def answers_from(pick: Picker) -> dict[str, Any]:
    """One valid answers object, every question of the catalogue answered by `pick`.

    The questions are read from `screening.catalogue`, so a new question is generated without
    touching this function.
    """
    known: dict[str, Any] = {}
    for question in QUESTIONS:
        known[question.key] = _answer(question, known, pick)
    return known


class _RandomPicker:
    """Choices from `rng`; yes and "not sure" safety answers are kept rare, as they are."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def one(self, options: Sequence[Any]) -> Any:
        if tuple(options) == (False, True, None):
            draw = self.rng.random()
            return True if draw < 0.07 else None if draw < 0.1 else False
        return self.rng.choice(options)

    def some(self, options: Sequence[str], at_least: int) -> list[str]:
        return self.rng.sample(list(options), self.rng.randint(at_least, len(options)))

    def number(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)


def random_answers(rng: random.Random) -> dict[str, Any]:
    """One valid answers object, drawn from `rng`."""
    return answers_from(_RandomPicker(rng))


def workload(seed: int = SEED, generated: int = GENERATED) -> list[dict[str, Any]]:
    """`generated` answers drawn from `seed`: the same seed gives the same workload."""
    rng = random.Random(seed)
    return [random_answers(rng) for _ in range(generated)]


def _best_rate(run: Any, count: int) -> float:
    """Items per second of the fastest of a few rounds (the least disturbed by other work)."""
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return count / best


def run_bench(seed: int = SEED, generated: int = GENERATED) -> dict[str, Any]:
    """Assessments per second: validation plus rules, and the rules alone."""
    items = workload(seed, generated)
    answers = [parse_answers(item) for item in items]
    return {
        "screening_per_s": _best_rate(
            lambda: [evaluate(parse_answers(i)) for i in items], len(items)
        ),
        "evaluate_per_s": _best_rate(lambda: [evaluate(a) for a in answers], len(items)),
        "assessments": len(items),
    }


def main(argv: list[str]) -> None:
    """Print the figures; an optional argument sets how many answers to generate."""
    figures = run_bench(generated=int(argv[0]) if argv else GENERATED)
    print(
        f"{figures['screening_per_s']:,.0f} assessments/s on one core "
        f"(validate + evaluate, {figures['assessments']:,} answers); "
        f"rules alone {figures['evaluate_per_s']:,.0f}/s"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
