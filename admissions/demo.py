"""Demo assessment slots, so `make run` shows booking on the result page and the staff pages."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from admissions import booking
from admissions.booking_models import AssessmentSlot

# Two assessments a weekday for the next few weekdays, in the centre's time zone.
# In person means at the centre's address.
DEMO_SLOT_TIMES = (
    (time(10, 0), AssessmentSlot.Mode.PHONE),
    (time(14, 0), AssessmentSlot.Mode.IN_PERSON),
)
DEMO_SLOT_DAYS = 3
DEMO_SLOT_LENGTH = timedelta(hours=1)


def seed_slots(*, holder, now: datetime | None = None) -> None:
    """Free future slots held by ``holder``, made only when none is free."""
    now = now or timezone.now()
    if booking.free_slots(now=now).exists():
        return
    zone = ZoneInfo(settings.TIME_ZONE)
    day = now.astimezone(zone).date()
    made = 0
    while made < DEMO_SLOT_DAYS * len(DEMO_SLOT_TIMES):
        day += timedelta(days=1)
        if day.weekday() >= 5:
            continue
        for at, mode in DEMO_SLOT_TIMES:
            in_person = mode == AssessmentSlot.Mode.IN_PERSON
            starts_at = datetime.combine(day, at, tzinfo=zone)
            booking.slot_create(
                user=holder,
                staff_id=holder.pk,
                mode=mode,
                location=settings.DOORWAY_CENTRE["address"] if in_person else "",
                starts_at=starts_at,
                ends_at=starts_at + DEMO_SLOT_LENGTH,
            )
            made += 1
