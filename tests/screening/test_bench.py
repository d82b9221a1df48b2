"""The screening benchmark runs on generated answers, all of them valid, the same for a seed."""

import random
import runpy
import sys

from screening import parse_answers
from screening.bench import random_answers, run_bench, workload


def test_generated_answers_are_always_valid():
    rng = random.Random(7)

    for _ in range(2000):
        parse_answers(random_answers(rng))


def test_workload_is_the_same_for_a_seed_and_another_for_another_seed():
    items = workload(seed=1, generated=5)

    assert len(items) == 5
    assert items == workload(seed=1, generated=5)
    assert items != workload(seed=2, generated=5)


def test_run_bench_reports_assessments_per_second():
    figures = run_bench(generated=20)

    assert figures["assessments"] == 20
    assert figures["screening_per_s"] > 0
    assert figures["evaluate_per_s"] > 0


def test_module_prints_the_figure(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["bench", "10"])
    monkeypatch.delitem(sys.modules, "screening.bench")

    runpy.run_module("screening.bench", run_name="__main__")

    assert "assessments/s on one core" in capsys.readouterr().out
