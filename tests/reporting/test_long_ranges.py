"""Long ranges read whole weeks from the weekly sums and only their ragged ends by day, and
their figures still equal a direct count of what was made."""

import random
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from reporting import aggregates, selectors
from reporting.models import DailyFigure, WeeklyFigure
from tests.reporting.conftest import make_world
from tests.reporting.test_figures import reached

pytestmark = pytest.mark.django_db

DAYS = 100


@pytest.fixture(scope="module")
def long_world(django_db_setup, django_db_blocker):
    """A hundred days of random leads, built once for the module in a transaction that each
    test's own nests in, and rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        made = make_world(random.Random(2026), days=DAYS, leads=90)
        aggregates.rebuild_days(made.start, made.end)
        yield made
        transaction.set_rollback(True)


def mid_week_mid_month(first: date, last: date, *, after: bool) -> date:
    """The first (or last) day from ``first`` on (or ``last`` back) that is neither a Monday nor
    a Sunday nor the first or last day of its month."""
    day = first if after else last
    step = timedelta(days=1 if after else -1)
    while day.weekday() in (0, 6) or day.day == 1 or (day + timedelta(days=1)).day == 1:
        day += step
    return day


def ranges(world) -> list[tuple[date, date]]:
    start = mid_week_mid_month(world.start, world.end, after=True)
    end = mid_week_mid_month(world.start, world.end, after=False)
    rng = random.Random(5)
    found = [(start, end), (world.start, world.end)]
    for _n in range(6):
        a = world.start + timedelta(days=rng.randrange(DAYS))
        b = world.start + timedelta(days=rng.randrange(DAYS))
        found.append((min(a, b), max(a, b)))
    return found


def direct_sums(start: date, end: date) -> dict:
    rows = (
        DailyFigure.objects.filter(day__gte=start, day__lte=end)
        .values_list("dimension", "key", "measure")
        .annotate(total=Sum("value"))
        .order_by()
    )
    return {(d, k, m): total for d, k, m, total in rows}


def test_a_long_range_from_mid_week_to_mid_week_equals_a_direct_count(long_world):
    start = mid_week_mid_month(long_world.start, long_world.end, after=True)
    end = mid_week_mid_month(long_world.start, long_world.end, after=False)
    assert start.weekday() not in (0, 6) and end.weekday() not in (0, 6)
    report = selectors.report(start=start, end=end)
    inside = [lead for lead in long_world.leads if start <= lead["day"] <= end]
    web = [lead for lead in inside if lead["source"] == "web"]
    starts = sum(start <= s["date"] <= end for s in long_world.starts)
    results = sum(start <= r["date"] <= end for r in long_world.results)
    funnel = [row[1] for row in report.table("funnel").rows]
    assert funnel[:4] == [starts, len(web) + results, len(web), sum(reached(x) for x in web)]
    assert sum(row[1] for row in report.table("channel").rows) == len(inside)
    by_source = {row[0]: row[3] for row in report.table("utm_source").rows}
    for value in {lead["utm_source"] for lead in inside}:
        expected = sum(lead["utm_source"] == value for lead in inside)
        assert by_source[value or "None recorded"] == expected


def test_any_range_sums_to_what_its_days_sum_to(long_world):
    for start, end in ranges(long_world):
        figures, _weeks = selectors._read(start, end)
        assert figures == direct_sums(start, end), (start, end)


def test_every_week_of_a_trend_equals_a_direct_count_of_that_week(long_world):
    start = mid_week_mid_month(long_world.start, long_world.end, after=True)
    end = mid_week_mid_month(long_world.start, long_world.end, after=False)
    report = selectors.report(start=start, end=end)
    weeks = selectors._week_starts(start, end)
    channel = report.table("channel_weekly")
    assert [row[0] for row in channel.rows] == [row[0] for row in report.table("weekly").rows]
    for row, week in zip(channel.rows, weeks, strict=True):
        first, last = max(week, start), min(week + timedelta(days=6), end)
        inside = [lead for lead in long_world.leads if first <= lead["day"] <= last]
        # The channels' lines (and "Other", if any) add up to the week's leads.
        assert sum(row[1:]) == len(inside), week
    funnel = report.table("funnel_weekly")
    for row, week in zip(funnel.rows, weeks, strict=True):
        first, last = max(week, start), min(week + timedelta(days=6), end)
        assert row[1] == sum(first <= s["date"] <= last for s in long_world.starts)


def test_a_long_range_reads_whole_weeks_and_at_most_twelve_days(long_world):
    start = mid_week_mid_month(long_world.start, long_world.end, after=True)
    end = mid_week_mid_month(long_world.start, long_world.end, after=False)
    (first, last), ragged = selectors._split(start, end)
    assert first.weekday() == 0 and last.weekday() == 0
    assert sum((b - a).days + 1 for a, b in ragged) <= 12
    with CaptureQueriesContext(connection) as queries:
        selectors._read(start, end)
    daily = [q["sql"] for q in queries.captured_queries if "reporting_dailyfigure" in q["sql"]]
    assert len(queries) == 3 and len(daily) == 1


def test_the_weekly_sums_are_rebuilt_with_their_days_and_twice_change_nothing(long_world):
    week = aggregates.week_of(long_world.end) - timedelta(days=21)
    before = sorted(WeeklyFigure.objects.filter(week=week).values_list("key", "measure", "value"))
    aggregates.rebuild_days(week + timedelta(days=2), week + timedelta(days=3))
    aggregates.rebuild_week(week)
    again = sorted(WeeklyFigure.objects.filter(week=week).values_list("key", "measure", "value"))
    assert before == again and before
    sums = direct_sums(week, week + timedelta(days=6))
    stored = {
        (d, k, m): v
        for d, k, m, v in WeeklyFigure.objects.filter(week=week).values_list(
            "dimension", "key", "measure", "value"
        )
    }
    assert stored == sums


def test_the_page_for_a_long_range_asks_at_most_fifteen_queries(long_world, client, supervisor):
    from tests.auth import log_in

    start = mid_week_mid_month(long_world.start, long_world.end, after=True)
    end = mid_week_mid_month(long_world.start, long_world.end, after=False)
    log_in(client, supervisor)
    client.get("/staff/reports/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/staff/reports/?range=custom&start={start}&end={end}")
    assert response.status_code == 200
    assert len(queries) <= 15
    assert 'id="table-counsellor_weekly"' in response.content.decode()
