"""Doorway's screening rules (clinical reference, rules 1.0): answers in, assessment out.

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
