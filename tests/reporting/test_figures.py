"""The daily figures equal a direct count of what was made, and rebuilding changes nothing."""

import random

import pytest
from django.core.management import call_command

from admissions.selectors import escalation_deadlines
from reporting import aggregates, selectors
from reporting.models import BuiltDay, DailyFigure
from tests.reporting.conftest import make_world

pytestmark = pytest.mark.django_db

REACHED_STATUSES = {"assessment_scheduled", "admitted", "not_admitted"}


def reached(lead: dict) -> bool:
    return lead["reached_event"] or lead["booked_event"] or lead["status"] in REACHED_STATUSES


def booked(lead: dict) -> bool:
    return lead["booked_event"] or lead["status"] == "assessment_scheduled"


def on_time(lead: dict) -> bool:
    deadline = escalation_deadlines()[lead["priority"]].total_seconds() / 60
    return lead["wait"] is not None and lead["wait"] <= deadline


def test_the_funnel_equals_a_direct_count_of_the_random_leads(world):
    aggregates.rebuild_days(world.start, world.end)
    report = selectors.report(start=world.start, end=world.end)
    web = [lead for lead in world.leads if lead["source"] == "web"]
    expected = [
        len(world.starts),
        len(web) + len(world.results),
        len(web),
        sum(reached(lead) for lead in web),
        sum(booked(lead) for lead in web),
        sum(booked(lead) and lead["status"] in ("admitted", "not_admitted") for lead in web),
        sum(lead["status"] == "admitted" for lead in web),
        sum(lead["status"] == "referred_out" for lead in web),
    ]
    assert [row[1] for row in report.table("funnel").rows] == expected
    started, finished = expected[0], expected[1]
    assert report.table("funnel").rows[1][2] == selectors.share(finished, started)


def test_speed_to_lead_equals_a_direct_count_by_priority(world):
    aggregates.rebuild_days(world.start, world.end)
    rows = {
        row[0]: row
        for row in selectors.report(start=world.start, end=world.end).table("speed").rows
    }
    for priority, label in (("urgent", "Urgent"), ("high", "High"), ("normal", "Normal")):
        mine = [lead for lead in world.leads if lead["priority"] == priority]
        contacted = [lead for lead in mine if lead["wait"] is not None]
        within = sum(on_time(lead) for lead in mine)
        buckets = [
            sum(lead["wait"] <= 15 for lead in contacted),
            sum(15 < lead["wait"] <= 60 for lead in contacted),
            sum(60 < lead["wait"] <= 240 for lead in contacted),
            sum(240 < lead["wait"] <= 1440 for lead in contacted),
            sum(lead["wait"] > 1440 for lead in contacted),
        ]
        assert rows[label][2:5] == [len(mine), len(contacted), within]
        assert rows[label][5] == selectors.share(within, len(mine))
        assert rows[label][6:11] == buckets
        assert rows[label][11] == len(mine) - len(contacted)


def test_figures_by_source_and_by_referring_site_equal_a_direct_count(world):
    aggregates.rebuild_days(world.start, world.end)
    report = selectors.report(start=world.start, end=world.end)
    for slug, field in (("utm_source", "utm_source"), ("referrer", "referrer_host")):
        rows = {row[0]: row for row in report.table(slug).rows}
        for value in {lead[field] for lead in world.leads} | {s[field] for s in world.starts}:
            label = value or "None recorded"
            leads = [lead for lead in world.leads if lead[field] == value]
            started = sum(s[field] == value for s in world.starts)
            results = sum(r.get(field, "") == value for r in world.results)
            admitted = sum(lead["status"] == "admitted" for lead in leads)
            assert rows[label][1:4] == [started, results, len(leads)], (slug, value)
            assert rows[label][4] == sum(reached(lead) for lead in leads)
            assert rows[label][6] == admitted


def test_a_part_of_the_range_counts_only_its_own_days(world):
    aggregates.rebuild_days(world.start, world.end)
    first = world.start + (world.end - world.start) // 2
    report = selectors.report(start=first, end=world.end)
    inside = [lead for lead in world.leads if first <= lead["day"]]
    total = {row[0]: row for row in report.table("channel").rows}
    assert sum(row[1] for row in total.values()) == len(inside)


def test_rebuilding_a_day_twice_gives_the_same_figures():
    make_world(random.Random(7), days=3, leads=15)
    day = aggregates.timezone.localdate()
    aggregates.rebuild_day(day)
    first = sorted(
        DailyFigure.objects.filter(day=day).values_list("dimension", "key", "measure", "value")
    )
    aggregates.rebuild_day(day)
    again = sorted(
        DailyFigure.objects.filter(day=day).values_list("dimension", "key", "measure", "value")
    )
    assert first == again and first
    assert BuiltDay.objects.filter(day=day).count() == 1


def test_the_rebuild_command_rebuilds_any_past_range(world, capsys):
    call_command(
        "rebuild_reports", "--from", world.start.isoformat(), "--to", world.end.isoformat()
    )
    assert BuiltDay.objects.count() == (world.end - world.start).days + 1
    assert "Rebuilt the figures of" in capsys.readouterr().out
    report = selectors.report(start=world.start, end=world.end)
    assert sum(row[1] for row in report.table("channel").rows) == len(world.leads)


def test_the_rebuild_command_refuses_a_bad_date_with_one_clear_line():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="is not a date"):
        call_command("rebuild_reports", "--from", "last tuesday")


def test_the_periodic_job_refreshes_today_and_yesterday(world):
    aggregates.refresh_recent()
    assert set(BuiltDay.objects.values_list("day", flat=True)) == {
        world.end,
        world.end - aggregates.timedelta(days=1),
    }


def test_the_weekly_trends_equal_a_direct_count_week_by_week(world):
    from datetime import timedelta

    aggregates.rebuild_days(world.start, world.end)
    report = selectors.report(start=world.start, end=world.end)
    rows = report.table("weekly").rows
    weeks = selectors._week_starts(world.start, world.end)
    assert len(rows) == len(weeks)
    for row, week in zip(rows, weeks, strict=True):
        inside = [lead for lead in world.leads if week <= lead["day"] < week + timedelta(days=7)]
        started = sum(week <= s["date"] < week + timedelta(days=7) for s in world.starts)
        assert row[1] == started
        assert row[4] == len(inside)
        assert row[5] == sum(reached(lead) for lead in inside)
        assert row[6] == sum(lead["status"] == "admitted" for lead in inside)
