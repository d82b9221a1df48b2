"""The reporting page in a real browser, on a phone: its SVG charts (the trends of every
breakdown too, by week and, for a long period, by month) and tables pass axe, in English and
Spanish, and the strict Content-Security-Policy refuses nothing on it."""

import random
from datetime import timedelta

import pytest
from django.conf import settings

from reporting import aggregates
from tests.auth import enrol_totp, fresh_code
from tests.e2e.conftest import PHONE, axe_violations
from tests.e2e.test_staff_sign_in import enter_code, password_step
from tests.reporting.conftest import make_world

pytestmark = pytest.mark.e2e


def open_reports(new_page, live_server, supervisor, language: str, query: str):
    """A supervisor signed in on a phone in ``language``, on the reporting page for ``query``;
    returns the page and the list of what the Content-Security-Policy refused."""
    page = new_page(viewport=PHONE)
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Refused" in message.text else None,
    )
    secret = enrol_totp(supervisor)
    password_step(page, supervisor.username)
    enter_code(page, fresh_code(secret))
    page.wait_for_url("**/staff/")
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    page.goto(f"/staff/reports/?{query}")
    return page, refused


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_reports_and_their_charts_have_no_axe_violation(
    new_page, live_server, axe, supervisor, language
):
    world = make_world(random.Random(11), days=20, leads=30)
    aggregates.rebuild_days(world.start, world.end)
    page, refused = open_reports(
        new_page,
        live_server,
        supervisor,
        language,
        f"range=custom&start={world.start}&end={world.end}",
    )
    charts = page.locator("svg[role=img]")
    assert charts.count() >= 20
    assert charts.first.is_visible()
    box = charts.first.bounding_box()
    assert box["width"] <= PHONE["width"]
    # A breakdown's weekly trend: a line chart within the phone's width, a legend whose keys
    # show each line's dash and marker, and its table in a region that scrolls sideways.
    trend = page.locator("#table-utm_source_weekly")
    trend.scroll_into_view_if_needed()
    line = trend.locator("svg.chart-line")
    assert line.is_visible() and line.bounding_box()["width"] <= PHONE["width"]
    assert trend.locator(".chart-legend svg.chart-key").count() >= 2
    region = trend.locator("[role=region]")
    assert region.get_attribute("aria-labelledby") == "title-utm_source_weekly"
    table_box = region.bounding_box()
    assert table_box["x"] + table_box["width"] <= PHONE["width"]
    assert axe_violations(axe, page) == []
    assert refused == []


def test_a_long_period_shows_its_trends_by_month_with_no_axe_violation(
    new_page, live_server, axe, supervisor
):
    world = make_world(random.Random(12), days=200, leads=40)
    aggregates.rebuild_days(world.start, world.end)
    start, end = world.start + timedelta(days=3), world.end - timedelta(days=1)
    page, refused = open_reports(
        new_page, live_server, supervisor, "es", f"range=custom&start={start}&end={end}"
    )
    trend = page.locator("#table-utm_source_monthly")
    trend.scroll_into_view_if_needed()
    assert "por mes" in trend.locator("h3").inner_text()
    assert trend.locator("thead th").first.inner_text() == "Mes"
    line = trend.locator("svg.chart-line")
    assert line.is_visible() and line.bounding_box()["width"] <= PHONE["width"]
    assert page.locator("#table-utm_source_weekly").count() == 0
    assert axe_violations(axe, page) == []
    assert refused == []
