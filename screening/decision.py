"""The level-of-care decision: answers in, assessment out."""

from screening.fit import fit_scores
from screening.flags import flags_for
from screening.model import LEVEL_ORDER, PRIORITY_ORDER, Answers, Assessment, Level, Priority
from screening.ratings import Ratings
from screening.rules import RULES

RULES_VERSION = "2.0.0"

_RESIDENTIAL = Level.RESIDENTIAL.rank
_HIGH = Priority.HIGH.rank


def evaluate(answers: Answers) -> Assessment:
    """Apply every rule to valid answers and explain the provisional recommendation.

    The level is the more intensive of the safety floor (the least intensive level that is still
    safe) and the baseline the severity of use calls for; exactly one severity rule always fires,
    so every assessment has at least one reason.
    """
    ratings = Ratings.of(answers)
    fired = [rule for rule in RULES if rule.applies(answers, ratings)]
    floor_rank = max((rule.level_rank for rule in fired if not rule.baseline), default=0)
    level_rank = max(rule.level_rank for rule in fired)
    level = LEVEL_ORDER[level_rank]
    priority_rank = max(rule.priority.rank for rule in fired)
    if level_rank >= _RESIDENTIAL:
        # Anyone who needs 24-hour care is called back sooner, whatever raised the level.
        priority_rank = max(priority_rank, _HIGH)
    return Assessment(
        level=level,
        crisis=ratings.crisis,
        priority=PRIORITY_ORDER[priority_rank],
        severity=ratings.severity,
        fit=fit_scores(level_rank, floor_rank),
        reasons=tuple(rule.reason for rule in fired),
        flags=flags_for(answers, ratings, level),
        rules_version=RULES_VERSION,
    )
