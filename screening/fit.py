"""How well each level of care fits: a score from 0 to 100 for every level.

- A level below the safety floor scores 0: it is not safe, whatever else is true.
- The recommended level scores 100, always the highest.
- A level more intensive than recommended scores 100 - 40 per step above it, but at least 10
  (60, 20, 10): safe, but more than is needed, and it takes more of the person's life.
- A level at or above the floor but below the recommendation scores 40: safe, but less support
  than the severity of use calls for. (Under rules 1.0 and 2.0 this can only be one step below.)

For a recommendation of IOP with an outpatient floor: outpatient 40, iop 100, residential 60,
inpatient 20.
"""

from screening.model import LEVEL_ORDER

RECOMMENDED = 100
STEP_ABOVE = 40
LEAST_ABOVE = 10
BELOW_RECOMMENDED = 40
NOT_SAFE = 0


def _score(rank: int, level_rank: int, floor_rank: int) -> int:
    if rank < floor_rank:
        return NOT_SAFE
    if rank < level_rank:
        return BELOW_RECOMMENDED
    return max(RECOMMENDED - STEP_ABOVE * (rank - level_rank), LEAST_ABOVE)


def fit_scores(level_rank: int, floor_rank: int) -> dict[str, int]:
    """The fit of every level, keyed by level, least intensive first."""
    return {
        level.value: _score(rank, level_rank, floor_rank) for rank, level in enumerate(LEVEL_ORDER)
    }
