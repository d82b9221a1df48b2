"""Daily figures: every count the reporting page shows, kept per day so the page never reads
every lead.

Leads are counted by the day they arrived (a cohort), with what has happened to them since:
reached, assessment booked, admitted... Those change as the leads move on, so the periodic job
rebuilds recent days again (``refresh_recent``); ``rebuild_day`` can rebuild any past day, and
the ``rebuild_reports`` command rebuilds a range. Rebuilding a day replaces its figures in one
transaction, so it is safe to run any number of times and two runs never add up.

Each week's and each month's figures are also kept summed (``WeeklyFigure``,
``MonthlyFigure``), rebuilt with any of their days, so a long range reads a row per month or
week and key instead of one per day.
"""

import operator
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from functools import reduce

from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    DurationField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.db.models.query import QuerySet
from django.utils import timezone

from admissions.models import Lead, LeadEvent, Status
from admissions.pipeline import Outcome
from admissions.selectors import escalation_deadlines
from intake.models import AnonymousResult, ScreeningStart
from reporting.models import BuiltDay, DailyFigure, MonthlyFigure, WeeklyFigure

# Where a lead came from, in one word: its campaign source, else the site that sent it, else
# what the person said ("heard about us"), else nothing ("direct"). The prefix says which.
ORIGIN_PREFIXES = ("utm:", "site:", "heard:")


def _origin() -> Expression:
    return Case(
        When(~Q(utm_source=""), then=Concat(Value("utm:"), F("utm_source"))),
        When(~Q(referrer_host=""), then=Concat(Value("site:"), F("referrer_host"))),
        When(~Q(heard_about=""), then=Concat(Value("heard:"), F("heard_about"))),
        default=Value(""),
        output_field=CharField(),
    )


# Dimension name -> the field (or expression) that holds its value ("all" is the whole day,
# key "").
LEAD_DIMENSIONS: dict[str, str | Expression | None] = {
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
    "origin": _origin(),
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
    rows: QuerySet,
    dimensions: Mapping[str, str | Expression | None],
    measures: Mapping[str, Q],
) -> Iterable[tuple[str, str, str, int]]:
    """(dimension, key, measure, count) for every non-zero count: one query per dimension."""
    counts = {name: Count("pk", filter=condition) for name, condition in measures.items()}
    for dimension, field in dimensions.items():
        if field is None:
            grouped = [dict(rows.aggregate(**counts), _key="")]
        else:
            key = F(field) if isinstance(field, str) else field
            grouped = rows.values(_key=key).annotate(**counts).order_by()
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


def week_of(day: date) -> date:
    """The Monday of ``day``'s week: the weeks of the page and of the weekly figures."""
    return day - timedelta(days=day.weekday())


def rebuild_week(week: date) -> int:
    """Replace the weekly figures of the week starting ``week`` (a Monday) by the sums of its
    daily figures; returns how many were stored."""
    sums = (
        DailyFigure.objects.filter(day__gte=week, day__lt=week + timedelta(days=7))
        .values_list("dimension", "key", "measure")
        .annotate(total=Sum("value"))
        .order_by()
    )
    rows = [
        WeeklyFigure(week=week, dimension=dimension, key=key, measure=measure, value=total)
        for dimension, key, measure, total in sums
    ]
    with transaction.atomic():
        WeeklyFigure.objects.filter(week=week).delete()
        WeeklyFigure.objects.bulk_create(rows, batch_size=5_000)
    return len(rows)


def month_of(day: date) -> date:
    """The first day of ``day``'s month: the months of the page and of the monthly figures."""
    return day.replace(day=1)


def next_month(month: date) -> date:
    """The first day of the month after ``month`` (itself a first day)."""
    return (month + timedelta(days=31)).replace(day=1)


def rebuild_month(month: date) -> int:
    """Replace the monthly figures of ``month`` (its first day) by the sums of its daily
    figures; returns how many were stored."""
    sums = (
        DailyFigure.objects.filter(day__gte=month, day__lt=next_month(month))
        .values_list("dimension", "key", "measure")
        .annotate(total=Sum("value"))
        .order_by()
    )
    rows = [
        MonthlyFigure(month=month, dimension=dimension, key=key, measure=measure, value=total)
        for dimension, key, measure, total in sums
    ]
    with transaction.atomic():
        MonthlyFigure.objects.filter(month=month).delete()
        MonthlyFigure.objects.bulk_create(rows, batch_size=5_000)
    return len(rows)


def rebuild_months(first: date, last: date) -> int:
    """Roll up again every month that holds a day from ``first`` to ``last``; returns how
    many."""
    month = month_of(first)
    months = 0
    while month <= last:
        rebuild_month(month)
        month = next_month(month)
        months += 1
    return months


def rebuild_weeks(first: date, last: date) -> int:
    """Roll up again every week that holds a day from ``first`` to ``last``; returns how many."""
    week = week_of(first)
    weeks = 0
    while week <= last:
        rebuild_week(week)
        week += timedelta(days=7)
        weeks += 1
    return weeks


def _replace_day(day: date) -> int:
    figures = figures_of(day)
    DailyFigure.objects.filter(day=day).delete()
    DailyFigure.objects.bulk_create(
        DailyFigure(day=day, dimension=dimension, key=key, measure=measure, value=value)
        for (dimension, key, measure), value in figures.items()
    )
    BuiltDay.objects.update_or_create(day=day, defaults={"built_at": timezone.now()})
    return len(figures)


@transaction.atomic
def rebuild_day(day: date) -> int:
    """Replace the figures of ``day``, and its week's and month's sums; returns how many were
    stored."""
    stored = _replace_day(day)
    rebuild_week(week_of(day))
    rebuild_month(month_of(day))
    return stored


def rebuild_days(first: date, last: date) -> int:
    """Rebuild every day from ``first`` to ``last`` included, and the weeks and months they fall
    in; returns how many days. A week at a time, each in one transaction with the sums of its
    week and of its month (or two): the page never sees a day rebuilt and its sums not yet."""
    days = 0
    week = week_of(first)
    while week <= last:
        with transaction.atomic():
            rebuilt = [
                week + timedelta(days=offset)
                for offset in range(7)
                if first <= week + timedelta(days=offset) <= last
            ]
            for day in rebuilt:
                _replace_day(day)
            rebuild_week(week)
            for month in sorted({month_of(day) for day in rebuilt}):
                rebuild_month(month)
        days += len(rebuilt)
        week += timedelta(days=7)
    return days


def refresh_recent(*, days: int = RECENT_DAYS, today: date | None = None) -> int:
    """Rebuild today and the days before it: what the periodic job calls."""
    today = today or timezone.localdate()
    return rebuild_days(today - timedelta(days=days - 1), today)
