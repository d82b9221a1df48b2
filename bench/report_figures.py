"""Two years of daily report figures, as the beat task would have kept them for a centre of
about 1,400 leads a day (a million leads over two years), written straight into the table (the
bench then sums them by week and by month, as the task does).

The reporting page reads only these sums, never the leads: what its speed depends on is the
number of figure rows (days x dimensions x keys x measures), which this reproduces.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from admissions.models import HeardAbout, Language, Priority, Source
from programs.models import Level
from reporting.aggregates import WAIT_BUCKETS
from reporting.models import BuiltDay, DailyFigure

DAYS = 2 * 365
LEADS_PER_DAY = 1_400
BATCH = 10_000
LEAD_MEASURES = (
    "leads",
    "reached",
    "booked",
    "assessed",
    "admitted",
    "referred_out",
    "contacted",
    "on_time",
    *(name for name, _upper in WAIT_BUCKETS),
)
ATTRIBUTION = {
    "utm_source": ["", "google", "facebook", "newsletter", "radio", "billboard", "partner"],
    "utm_medium": ["", "cpc", "email", "social", "referral"],
    "utm_campaign": ["", *(f"campaign-{n}" for n in range(12))],
    "referrer": ["", "google.com", "bing.com", "facebook.com", "clinic.example.org"],
}


def _keys(counsellor_ids: list[int]) -> dict[str, list[str]]:
    return {
        "all": [""],
        "channel": list(Source.values),
        **ATTRIBUTION,
        "heard_about": list(HeardAbout.values),
        "counsellor": ["", *(str(pk) for pk in counsellor_ids)],
        "level": list(Level.values),
        "language": list(Language.values),
        "priority": list(Priority.values),
        "origin": [
            "",
            *(f"utm:{source}" for source in ATTRIBUTION["utm_source"] if source),
            *(f"site:{host}" for host in ATTRIBUTION["referrer"] if host),
            *(f"heard:{answer}" for answer in HeardAbout.values if answer),
        ],
    }


def seed_report_figures(
    *, counsellor_ids: list[int], days: int = DAYS, today: date, seed: int = 2026
) -> int:
    """Write ``days`` days of figures ending ``today``; returns how many rows."""
    rng = random.Random(seed)
    keys = _keys(counsellor_ids)
    rows: list[DailyFigure] = []
    written = 0
    for offset in range(days):
        day = today - timedelta(days=offset)
        for dimension, values in keys.items():
            share = LEADS_PER_DAY // len(values)
            for key in values:
                leads = rng.randint(share // 2, share * 3 // 2) or 1
                for measure in LEAD_MEASURES:
                    value = leads if measure == "leads" else rng.randint(0, leads)
                    if value:
                        rows.append(
                            DailyFigure(
                                day=day, dimension=dimension, key=key, measure=measure, value=value
                            )
                        )
                if dimension not in ("channel", "heard_about", "counsellor", "priority", "origin"):
                    for measure in ("started", "result_only"):
                        rows.append(
                            DailyFigure(
                                day=day,
                                dimension=dimension,
                                key=key,
                                measure=measure,
                                value=rng.randint(1, leads * 2),
                            )
                        )
        if len(rows) >= BATCH:
            DailyFigure.objects.bulk_create(rows)
            written += len(rows)
            rows = []
    DailyFigure.objects.bulk_create(rows)
    written += len(rows)
    now = timezone.now()
    BuiltDay.objects.bulk_create(
        BuiltDay(day=today - timedelta(days=offset), built_at=now) for offset in range(days)
    )
    return written
