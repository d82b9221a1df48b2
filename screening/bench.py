"""How many assessments per second the rules make on one core.

`python -m screening.bench [COUNT]` prints the figures; `run_bench()` returns them for the project
benchmark. The workload is answers generated from a fixed seed (every choice of every question
appears), each validated and evaluated: what the wizard and `manage.py screen` do for every person.
The module reads no file: the worked cases are the tests' fixtures, not the benchmark's load.
"""

import random
import sys
import time
from typing import Any

from screening import vocab
from screening.decision import evaluate
from screening.validation import parse_answers

GENERATED = 10_000
SEED = 2026
ROUNDS = 3


def _some(rng: random.Random, choices: tuple[str, ...], at_least: int = 0) -> list[str]:
    return rng.sample(choices, rng.randint(at_least, len(choices)))


def random_answers(rng: random.Random) -> dict[str, Any]:
    """One valid answers object, drawn from `rng`."""
    loved_one = rng.random() < 0.3
    substances = _some(rng, vocab.SUBSTANCES, at_least=1)
    return {
        "respondent": "loved_one" if loved_one else "self",
        "relationship": rng.choice(vocab.RELATIONSHIPS) if loved_one else None,
        "age": rng.randint(12, 110),
        "substances": substances,
        "primary_substance": rng.choice(substances),
        "frequency": rng.choice(vocab.FREQUENCIES),
        "use_criteria": _some(rng, vocab.USE_CRITERIA),
        "withdrawal_history": _some(rng, vocab.WITHDRAWAL_SYMPTOMS),
        "withdrawal_now": rng.random() < 0.2,
        "medical_conditions": _some(rng, vocab.MEDICAL_CONDITIONS) if rng.random() < 0.2 else [],
        "medical_unstable": rng.random() < 0.1,
        "safety": {question: rng.random() < 0.1 for question in vocab.SAFETY_QUESTIONS},
        "mental_health": _some(rng, vocab.MENTAL_HEALTH) if rng.random() < 0.4 else [],
        "mental_health_stable": rng.random() < 0.6,
        "phq2": rng.choice((None, *range(7))),
        "gad2": rng.choice((None, *range(7))),
        "psych_hospital_past_year": rng.random() < 0.1,
        "prior_treatment": _some(rng, vocab.PRIOR_TREATMENT) if rng.random() < 0.4 else [],
        "discharged_recently": rng.random() < 0.1,
        "relapse_after_treatment": rng.random() < 0.3,
        "living": rng.choice(vocab.LIVING),
        "support": _some(rng, vocab.SUPPORT),
        "obligations": _some(rng, vocab.OBLIGATIONS),
        "group_comfort": rng.choice(vocab.GROUP_COMFORT),
        "readiness": rng.choice(vocab.READINESS),
    }


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
