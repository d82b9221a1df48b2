"""When to try again after a contact attempt that did not reach the person (pure Python).

A centre sets its cadence as steps, e.g. ``15m,2h,next_morning,1d`` (minutes, hours, days, or
``next_morning``: the next day at the morning hour, in the centre's time zone), and a number of
attempts. After attempt *n* the next try is step *n* (the last step repeats); after the last
attempt there is no next try: the lead asks a supervisor for a decision.
"""

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

NEXT_MORNING = "next_morning"
_STEP = re.compile(r"^(\d+)([mhd])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


class BadCadence(ValueError):
    """A cadence that cannot be read; the message says which step and why."""


@dataclass(frozen=True)
class Cadence:
    steps: tuple[timedelta | str, ...]
    max_attempts: int
    morning: time = time(9, 0)

    def next_try(self, *, attempts: int, after: datetime, zone: tzinfo) -> datetime | None:
        """When to try again after ``attempts`` unanswered attempts made by ``after``; None when
        that was the last attempt."""
        if attempts >= self.max_attempts or attempts < 1:
            return None
        step = self.steps[min(attempts, len(self.steps)) - 1]
        if step == NEXT_MORNING:
            local = after.astimezone(zone)
            day = local.date() + timedelta(days=1)
            return datetime.combine(day, self.morning, tzinfo=zone)
        return after + step


def parse_cadence(text: str, *, max_attempts: int, morning_hour: int = 9) -> Cadence:
    """``15m,2h,next_morning,1d`` → a ``Cadence``; ``BadCadence`` names the step it cannot read."""
    steps: list[timedelta | str] = []
    for raw in text.split(","):
        step = raw.strip().lower()
        if step == NEXT_MORNING:
            steps.append(NEXT_MORNING)
            continue
        match = _STEP.match(step)
        if not match or int(match.group(1)) == 0:
            raise BadCadence(
                f"cannot read the step {raw.strip()!r}: use minutes, hours or days like 15m, "
                f"2h, 1d, or {NEXT_MORNING}"
            )
        steps.append(timedelta(**{_UNITS[match.group(2)]: int(match.group(1))}))
    if max_attempts < 1:
        raise BadCadence("the number of attempts must be at least 1")
    if not 0 <= morning_hour <= 23:
        raise BadCadence("the morning hour must be between 0 and 23")
    return Cadence(steps=tuple(steps), max_attempts=max_attempts, morning=time(morning_hour))
