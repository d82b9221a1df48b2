"""Long ranges read whole weeks from the weekly sums and only their ragged ends by day; ranges
over the cut-off (``MONTHLY_AFTER_DAYS``) show their trends by month and read whole months from
the monthly sums. Their figures still equal a direct count of what was made."""

import random
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from reporting import aggregates, selectors
from reporting.models import DailyFigure, MonthlyFigure, WeeklyFigure
from tests.reporting.conftest import make_world
from tests.reporting.test_figures import reached

pytestmark = pytest.mark.django_db

# Longer than the cut-off, so that a range from mid-month to mid-month is shown by month.
DAYS = 240
WEEKLY_DAYS = 120
SPANISH_MONTHS = (
    *("ene", "feb", "mar", "abr", "may", "jun"),
    *("jul", "ago", "sep", "oct", "nov", "dic"),
)


@pytest.fixture(scope="module")
def long_world(django_db_setup, django_db_blocker):
    """Eight months of random leads, built once for the module in a transaction that each
    test's own nests in, and rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        made = make_world(random.Random(2026), days=DAYS, leads=200)
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


def weekly_range(world) -> tuple[date, date]:
    """About four months, from mid-week and mid-month to mid-week and mid-month: by week."""
    start = mid_week_mid_month(world.start, world.end, after=True)
    end = mid_week_mid_month(start, start + timedelta(days=WEEKLY_DAYS), after=False)
    assert not selectors.Grain.of(start, end).monthly
    return start, end


def monthly_range(world) -> tuple[date, date]:
    """The whole world but its first and last days, from mid-month to mid-month: by month."""
    start = mid_week_mid_month(world.start, world.end, after=True)
    end = mid_week_mid_month(world.start, world.end, after=False)
    assert selectors.Grain.of(start, end).monthly
    return start, end


def ranges(world) -> list[tuple[date, date]]:
    start, end = weekly_range(world)
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


@pytest.mark.parametrize("kind", ["weekly", "monthly"])
def test_a_long_range_from_mid_week_to_mid_week_equals_a_direct_count(long_world, kind):
    start, end = weekly_range(long_world) if kind == "weekly" else monthly_range(long_world)
    assert start.weekday() not in (0, 6) and end.weekday() not in (0, 6)
    assert start.day != 1 and (end + timedelta(days=1)).day != 1
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
    start, end = weekly_range(long_world)
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
    start, end = weekly_range(long_world)
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


@pytest.mark.parametrize("kind", ["weekly", "monthly"])
def test_the_page_for_a_long_range_asks_at_most_fifteen_queries(
    long_world, client, supervisor, kind
):
    from tests.auth import log_in

    start, end = weekly_range(long_world) if kind == "weekly" else monthly_range(long_world)
    log_in(client, supervisor)
    client.get("/staff/reports/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/staff/reports/?range=custom&start={start}&end={end}")
    assert response.status_code == 200
    assert len(queries) <= 15
    page = response.content.decode()
    assert f'id="table-counsellor_{kind}"' in page
    assert ("by month" in page) == (kind == "monthly")
    assert ("by week" in page) == (kind == "weekly")


# --- By month, over the cut-off ---------------------------------------------------------------


def month_end(month: date) -> date:
    return aggregates.next_month(month) - timedelta(days=1)


def in_month(month: date, start: date, end: date) -> tuple[date, date]:
    """The days of ``month`` inside ``start``..``end``."""
    return max(month, start), min(month_end(month), end)


def test_the_cut_off_is_half_a_year():
    start = date(2026, 1, 14)
    last_by_week = start + timedelta(days=selectors.MONTHLY_AFTER_DAYS - 1)
    assert not selectors.Grain.of(start, last_by_week).monthly
    assert selectors.Grain.of(start, last_by_week + timedelta(days=1)).monthly


def test_a_range_over_the_cut_off_shows_every_trend_by_month(long_world):
    start, end = monthly_range(long_world)
    report = selectors.report(start=start, end=end)
    months = selectors._month_starts(start, end)
    assert months[0] == aggregates.month_of(start) and months[-1] == aggregates.month_of(end)
    totals = report.table("monthly")
    assert report.table("weekly") is None and report.table("channel_weekly") is None
    assert totals.title == "Trends by month" and totals.columns[0] == "Month"
    assert [row[0] for row in totals.rows] == [f"{m:%b %Y}" for m in months]
    for slug in ("funnel", "speed", "origin", "counsellor", "language", "result_only"):
        table = report.table(f"{slug}_monthly")
        assert "by month" in table.title and table.chart.x_label == "Month", slug
        assert [row[0] for row in table.rows] == [row[0] for row in totals.rows], slug
    channel = report.table("channel_monthly")
    funnel = report.table("funnel_monthly")
    for month, by_channel, steps, total in zip(
        months, channel.rows, funnel.rows, totals.rows, strict=True
    ):
        first, last = in_month(month, start, end)
        leads = [lead for lead in long_world.leads if first <= lead["day"] <= last]
        # The channels' lines (and "Other", if any) add up to the month's leads, counted here.
        assert sum(by_channel[1:]) == len(leads) == total[4], month
        assert steps[1] == sum(first <= s["date"] <= last for s in long_world.starts), month
        results = sum(first <= r["date"] <= last for r in long_world.results)
        assert total[3] == results, month


def test_each_month_of_a_trend_equals_the_sum_of_its_days(long_world):
    start, end = monthly_range(long_world)
    figures, months = selectors._read_by_month(start, end)
    assert figures == direct_sums(start, end)
    assert sorted(months) == selectors._month_starts(start, end)
    for month, read in months.items():
        first, last = in_month(month, start, end)
        trend = (
            DailyFigure.objects.filter(selectors.TREND_ROWS, day__gte=first, day__lte=last)
            .values_list("dimension", "key", "measure")
            .annotate(total=Sum("value"))
            .order_by()
        )
        expected = {(d, k, m): total for d, k, m, total in trend}
        assert expected and {key: read.get(key) for key in expected} == expected, month


def test_any_range_over_the_cut_off_sums_as_its_days_do(long_world):
    rng = random.Random(20)
    for _n in range(6):
        start = long_world.start + timedelta(days=rng.randrange(DAYS - 190))
        end = rng.choice([start + timedelta(days=190), long_world.end - timedelta(days=1)])
        end = min(end + timedelta(days=rng.randrange(30)), long_world.end)
        assert selectors.Grain.of(start, end).monthly
        figures, _months = selectors._read_by_month(start, end)
        assert figures == direct_sums(start, end), (start, end)


def test_a_range_by_month_reads_whole_months_and_few_days(long_world):
    start, end = monthly_range(long_world)
    with CaptureQueriesContext(connection) as queries:
        selectors._read_by_month(start, end)
    tables = [
        table
        for q in queries.captured_queries
        for table in ("monthlyfigure", "weeklyfigure", "dailyfigure")
        if f"reporting_{table}" in q["sql"]
    ]
    # Whole months (their sums and their trends), the weeks and the days of the ragged ends.
    assert len(queries) <= 4 and tables.count("dailyfigure") == 1
    assert tables.count("monthlyfigure") == 2


def test_the_months_are_in_the_staff_language(long_world):
    start, end = monthly_range(long_world)
    with translation.override("es"):
        report = selectors.report(start=start, end=end)
    months = selectors._month_starts(start, end)
    table = report.table("origin_monthly")
    assert table.title == "Casos por origen, por mes" and table.columns[0] == "Mes"
    assert [row[0] for row in table.rows] == [
        f"{SPANISH_MONTHS[m.month - 1]} {m.year}" for m in months
    ]


def test_the_csv_of_a_trend_by_month_says_month(long_world, client, supervisor):
    from tests.auth import log_in

    start, end = monthly_range(long_world)
    log_in(client, supervisor)
    response = client.get(f"/staff/reports/funnel_monthly.csv?range=custom&start={start}&end={end}")
    assert response.status_code == 200
    header, first, *_rest = response.content.decode().splitlines()
    assert header.startswith("Month,") and first.startswith(f"{aggregates.month_of(start):%b %Y},")
    weekly = client.get(f"/staff/reports/funnel_weekly.csv?range=custom&start={start}&end={end}")
    assert weekly.status_code == 404


def test_the_monthly_sums_are_rebuilt_with_their_days_and_twice_change_nothing(long_world):
    month = aggregates.month_of(long_world.end - timedelta(days=62))

    def stored() -> dict:
        rows = MonthlyFigure.objects.filter(month=month).values_list(
            "dimension", "key", "measure", "value"
        )
        return {(d, k, m): v for d, k, m, v in rows}

    before = stored()
    aggregates.rebuild_days(month + timedelta(days=9), month + timedelta(days=11))
    aggregates.rebuild_month(month)
    assert stored() == before == direct_sums(month, month_end(month)) and before
    # A day's figures changed: its month's sums follow when the month is rolled up again, and
    # rebuilding the day from its leads brings both back.
    day = month + timedelta(days=10)
    DailyFigure.objects.filter(day=day, dimension="all", measure="leads").update(value=10_000)
    aggregates.rebuild_month(month)
    assert stored() == direct_sums(month, month_end(month)) != before
    aggregates.rebuild_day(day)
    assert stored() == direct_sums(month, month_end(month)) == before
