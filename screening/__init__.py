"""Doorway's screening rules (clinical reference, rules 2.0): answers in, assessment out.

`parse_answers` checks an answers object (reporting every problem), `evaluate` turns `Answers`
into an `Assessment`, and `is_crisis` / `suicide_risk` judge the safety step on its own. Where
things live: `catalogue` (the questionnaire, every question once), `vocab` (choice keys read from
it, and the flag names), `ratings` (instruments and dimension ratings), `rules` (one named unit
per rule), `fit` (the fit scores, documented there), `flags`, `messages` (the reason sentences in
three voices, translated in `locale/`), `voice` (grouping and voicing the reasons).

Pure Python: nothing here imports Django, Celery or another app of the project, except the thin
`screen` management command.
"""

from screening.catalogue import QUESTIONS, Question
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
from screening.voice import Voice, group_reasons, reason_text

__all__ = [
    "LEVEL_ORDER",
    "PRIORITY_ORDER",
    "QUESTIONS",
    "RULES_VERSION",
    "Answers",
    "Assessment",
    "InvalidAnswers",
    "Level",
    "Priority",
    "Problem",
    "Question",
    "Reason",
    "Safety",
    "Voice",
    "evaluate",
    "group_reasons",
    "is_crisis",
    "parse_answers",
    "reason_text",
    "suicide_risk",
]
