"""Doorway's screening rules (clinical reference, rules 1.0): answers in, assessment out.

`parse_answers` checks an answers object (reporting every problem), `evaluate` turns `Answers`
into an `Assessment`, and `is_crisis` / `suicide_risk` judge the safety step on its own. Where
things live: `vocab` (choice keys), `ratings` (instruments and dimension ratings), `rules` (one
named unit per rule), `fit` (the fit scores, documented there), `flags`, `messages` (the reason
sentences, translated in `locale/`).

Pure Python: nothing here imports Django, Celery or another app of the project, except the thin
`screen` management command.
"""

from screening.decision import RULES_VERSION, evaluate
from screening.model import (
    LEVEL_ORDER,
    PRIORITY_ORDER,
    Answers,
    Assessment,
    InvalidAnswers,
    Level,
    Priority,
    Problem,
    Reason,
    Safety,
)
from screening.ratings import is_crisis, suicide_risk
from screening.validation import parse_answers

__all__ = [
    "LEVEL_ORDER",
    "PRIORITY_ORDER",
    "RULES_VERSION",
    "Answers",
    "Assessment",
    "InvalidAnswers",
    "Level",
    "Priority",
    "Problem",
    "Reason",
    "Safety",
    "evaluate",
    "is_crisis",
    "parse_answers",
    "suicide_risk",
]
