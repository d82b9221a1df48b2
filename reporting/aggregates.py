"""Daily figures: every count the reporting page shows, kept per day so the page never reads
every lead.

Leads are counted by the day they arrived (a cohort), with what has happened to them since:
reached, assessment booked, admitted... Those change as the leads move on, so the periodic job
rebuilds recent days again (``refresh_recent``); ``rebuild_day`` can rebuild any past day, and
the ``rebuild_reports`` command rebuilds a range. Rebuilding a day replaces its figures in one
transaction, so it is safe to run any number of times and two runs never add up.
"""

import operator
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from functools import reduce

from django.db import transaction
from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.query import QuerySet
from django.utils import timezone

from admissions.models import Lead, LeadEvent, Status
from admissions.pipeline import Outcome
from admissions.selectors import escalation_deadlines
from intake.models import AnonymousResult, ScreeningStart
from reporting.models import BuiltDay, DailyFigure

# Dimension name -> the field that holds its value ("all" is the whole day, key "").
LEAD_DIMENSIONS: dict[str, str | None] = {
    "all": None,
    "channel": "source",
    "utm_source": "utm_source",
    "utm_medium": "utm_medium",
    "utm_campaign": "utm_campaign",
    "referrer": "referrer_host",
    "heard_about": "heard_about",
    "counsellor": "assigned_to_id",
    "level": "level",
    "language": "language",
    "priority": "priority",
}
ATTRIBUTION_DIMENSIONS = {
    name: LEAD_DIMENSIONS[name]
    for name in ("all", "utm_source", "utm_medium", "utm_campaign", "referrer", "language")
}
RESULT_DIMENSIONS = {**ATTRIBUTION_DIMENSIONS, "level": "level", "priority": "priority"}

# How long the first contact took, in buckets that do not overlap (upper bounds).
WAIT_BUCKETS: tuple[tuple[str, timedelta | None], ...] = (
    ("wait_15m", timedelta(minutes=15)),
    ("wait_1h", timedelta(hours=1)),
    ("wait_4h", timedelta(hours=4)),
    ("wait_1d", timedelta(days=1)),
    ("wait_more", None),
)
# A lead at one of these statuses was reached, whatever the contact log says.
REACHED_STATUSES = (Status.ASSESSMENT_SCHEDULED, Status.ADMITTED, Status.NOT_ADMITTED)
REACHED_OUTCOMES = (Outcome.REACHED, Outcome.DECLINED)
DECIDED_AFTER_ASSESSMENT = (Status.ADMITTED, Status.NOT_ADMITTED)

# Days the periodic job rebuilds every time it runs (leads of the last weeks still move on).
RECENT_DAYS = 2
SETTLING_DAYS = 90


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The first instant of ``day`` and of the day after, in the centre's time zone."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return start, end


def lead_measures() -> dict[str, Q]:
    """Each lead measure as a condition on the annotated leads of ``_leads_of``."""
    reached = Q(reached_event=True) | Q(booked_event=True) | Q(status__in=REACHED_STATUSES)
    booked = Q(booked_event=True) | Q(status=Status.ASSESSMENT_SCHEDULED)
    on_time = reduce(
        operator.or_,
        (Q(priority=p, wait__lte=deadline) for p, deadline in escalation_deadlines().items()),
    )
    measures = {
        "leads": Q(),
        "reached": reached,
        "booked": booked,
        "assessed": booked & Q(status__in=DECIDED_AFTER_ASSESSMENT),
        "admitted": Q(status=Status.ADMITTED),
        "referred_out": Q(status=Status.REFERRED_OUT),
        "contacted": Q(first_contact_at__isnull=False),
        "on_time": Q(first_contact_at__isnull=False) & on_time,
    }
    lower = None
    for name, upper in WAIT_BUCKETS:
        bucket = Q(first_contact_at__isnull=False)
        if lower is not None:
            bucket &= Q(wait__gt=lower)
        if upper is not None:
            bucket &= Q(wait__lte=upper)
        measures[name] = bucket
        lower = upper
    return measures


def _leads_of(day: date) -> QuerySet:
    start, end = day_bounds(day)
    events = LeadEvent.objects.filter(lead=OuterRef("pk"))
    return Lead.objects.filter(created_at__gte=start, created_at__lt=end).annotate(
        reached_event=Exists(
            events.filter(
                kind=LeadEvent.Kind.CONTACT_ATTEMPT, data__outcome__in=list(REACHED_OUTCOMES)
            )
        ),
        booked_event=Exists(
            events.filter(kind=LeadEvent.Kind.STATUS_CHANGED, data__to=Status.ASSESSMENT_SCHEDULED)
        ),
        wait=ExpressionWrapper(F("first_contact_at") - F("created_at"), DurationField()),
    )


def _counts(
    rows: QuerySet, dimensions: Mapping[str, str | None], measures: Mapping[str, Q]
) -> Iterable[tuple[str, str, str, int]]:
    """(dimension, key, measure, count) for every non-zero count: one query per dimension."""
    counts = {name: Count("pk", filter=condition) for name, condition in measures.items()}
    for dimension, field in dimensions.items():
        if field is None:
            grouped = [dict(rows.aggregate(**counts), _key="")]
        else:
            grouped = rows.values(_key=F(field)).annotate(**counts).order_by()
        for row in grouped:
            key = "" if row["_key"] is None else str(row["_key"])
            for measure in measures:
                if row[measure]:
                    yield dimension, key, measure, row[measure]


def figures_of(day: date) -> dict[tuple[str, str, str], int]:
    """Every figure of ``day``, computed from the leads, starts and results themselves."""
    figures: dict[tuple[str, str, str], int] = {}
    sources = (
        (_leads_of(day), LEAD_DIMENSIONS, lead_measures()),
        (ScreeningStart.objects.filter(date=day), ATTRIBUTION_DIMENSIONS, {"started": Q()}),
        (AnonymousResult.objects.filter(date=day), RESULT_DIMENSIONS, {"result_only": Q()}),
    )
    for rows, dimensions, measures in sources:
        for dimension, key, measure, value in _counts(rows, dimensions, measures):
            figures[(dimension, key, measure)] = value
    return figures


@transaction.atomic
def rebuild_day(day: date) -> int:
    """Replace the figures of ``day``; returns how many were stored."""
    figures = figures_of(day)
    DailyFigure.objects.filter(day=day).delete()
    DailyFigure.objects.bulk_create(
        DailyFigure(day=day, dimension=dimension, key=key, measure=measure, value=value)
        for (dimension, key, measure), value in figures.items()
    )
    BuiltDay.objects.update_or_create(day=day, defaults={"built_at": timezone.now()})
    return len(figures)


def rebuild_days(first: date, last: date) -> int:
    """Rebuild every day from ``first`` to ``last`` included; returns how many days."""
    days = 0
    day = first
    while day <= last:
        rebuild_day(day)
        day += timedelta(days=1)
        days += 1
    return days


def refresh_recent(*, days: int = RECENT_DAYS, today: date | None = None) -> int:
    """Rebuild today and the days before it: what the periodic job calls."""
    today = today or timezone.localdate()
    return rebuild_days(today - timedelta(days=days - 1), today)
