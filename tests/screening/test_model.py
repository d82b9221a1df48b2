"""Typed values: level and priority order, JSON shapes."""

from screening import LEVEL_ORDER, PRIORITY_ORDER, Level, Priority, Problem


def test_levels_run_from_least_to_most_intensive():
    assert [level.value for level in LEVEL_ORDER] == [
        "outpatient",
        "iop",
        "residential",
        "inpatient",
    ]
    assert [level.rank for level in LEVEL_ORDER] == [0, 1, 2, 3]
    assert Level("iop") is Level.IOP


def test_priorities_run_from_least_to_most_urgent():
    assert [priority.value for priority in PRIORITY_ORDER] == ["normal", "high", "urgent"]
    assert [priority.rank for priority in PRIORITY_ORDER] == [0, 1, 2]
    assert Priority.URGENT.rank > Priority.HIGH.rank


def test_problem_reads_as_field_then_message():
    assert (
        str(Problem("safety.plan", "must be true or false")) == "safety.plan: must be true or false"
    )
