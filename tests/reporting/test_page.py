"""The reporting page: who may open it, what it shows (pictures and tables), no person on it."""

import csv
import io
import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from reporting import aggregates
from tests.auth import log_in
from tests.factories import make_staff
from tests.reporting.conftest import make_world

pytestmark = pytest.mark.django_db
URL = "/staff/reports/"


@pytest.fixture
def built(world):
    aggregates.rebuild_days(world.start, world.end)
    return world


def period(world) -> str:
    return f"?range=custom&start={world.start.isoformat()}&end={world.end.isoformat()}"


@pytest.mark.parametrize("persona", ["supervisor", "analyst"])
def test_supervisors_and_analysts_see_the_reports(client, request, persona):
    log_in(client, request.getfixturevalue(persona))
    response = client.get(URL)
    assert response.status_code == 200
    assert "From screening to care" in response.content.decode()


@pytest.mark.parametrize(
    "persona", ["counsellor", "clinician", "benefits", "administrator", "outsider"]
)
def test_other_staff_are_refused(client, request, persona):
    log_in(client, request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}funnel.csv").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/staff/" in response["Location"]


def test_the_page_and_its_csv_name_no_person(client, analyst, built):
    log_in(client, analyst)
    page = client.get(URL + period(built)).content.decode()
    texts = [page]
    for slug in (
        "funnel",
        "speed",
        "utm_source",
        "referrer",
        "counsellor",
        "weekly",
        "origin",
        "origin_weekly",
        "counsellor_weekly",
        "referrer_weekly",
    ):
        texts.append(client.get(f"{URL}{slug}.csv" + period(built)).content.decode())
    for person in built.people:
        assert all(person not in text for text in texts), person


def test_each_chart_is_an_svg_with_a_title_and_its_figures_in_a_table(client, supervisor, built):
    log_in(client, supervisor)
    page = client.get(URL + period(built)).content.decode()
    assert page.count("<svg") >= 8
    assert 'role="img" aria-labelledby="chart-funnel-title chart-funnel-desc"' in page
    assert '<title id="chart-funnel-title">From screening to care</title>' in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    started = len(built.starts)
    assert f'<th scope="row">Screenings started</th><td class="text-end">{started}</td>' in page


def test_the_page_asks_the_database_a_bounded_number_of_times(client, supervisor, built):
    log_in(client, supervisor)
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL + period(built)).status_code == 200
    assert len(queries) <= 15


def test_a_csv_holds_the_same_figures_as_its_table(client, supervisor, built):
    log_in(client, supervisor)
    response = client.get(f"{URL}funnel.csv" + period(built))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["Step", "People"]
    assert rows[1] == ["Screenings started", str(len(built.starts)), "—", "100%"]
    assert client.get(f"{URL}nothing.csv").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?range=custom&start=2026-05-02&end=2026-05-01", "must not be after"),
        ("?range=custom&start=2026-05-02", "both dates"),
        ("?range=custom&start=2020-01-01&end=2026-01-01", "three years or less"),
        ("?range=custom&start=yesterday&end=2026-01-01", "Enter a valid date"),
    ],
)
def test_a_bad_period_says_what_to_fix(client, supervisor, query, message):
    log_in(client, supervisor)
    response = client.get(URL + query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_presets_choose_this_week_the_last_four_weeks_and_this_quarter(client, supervisor):
    log_in(client, supervisor)
    today = aggregates.timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    week = client.get(URL + "?range=week").context["report"]
    assert (week.start, week.end) == (monday, today)
    four = client.get(URL).context["report"]
    assert (four.start, four.end) == (today - timedelta(days=27), today)
    quarter = client.get(URL + "?range=quarter").context["report"]
    assert quarter.start.day == 1 and quarter.start.month in (1, 4, 7, 10)


def test_the_page_speaks_spanish(client, supervisor):
    make_world(random.Random(3), days=2, leads=5)
    aggregates.refresh_recent()
    log_in(client, supervisor)
    client.cookies["django_language"] = "es"
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Informes" in page
    assert "Del cuestionario a la atención" in page
    assert "Rapidez de respuesta" in page


def test_supervisors_see_counsellors_by_name_and_analysts_by_number(client, supervisor, built):
    from django.contrib.auth.models import User

    named = User.objects.filter(username="c0").get()
    log_in(client, supervisor)
    assert f"{named.get_full_name()}</th>" in client.get(URL + period(built)).content.decode()
    client.logout()
    log_in(client, make_staff("analyst", Role.ANALYST))
    page = client.get(URL + period(built)).content.decode()
    assert named.get_full_name() not in page


def test_staff_opening_the_page_one_after_another_cost_one_computation(client, supervisor, built):
    from django.core.cache import cache

    cache.clear()
    log_in(client, supervisor)
    first = client.get(URL + period(built)).content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(URL + period(built)).content.decode()
    # The same figures (the page's sign-out form carries a fresh CSRF token each time).
    assert again.split("<main", 1)[1] == first.split("<main", 1)[1]
    assert not [q for q in queries.captured_queries if "reporting_dailyfigure" in q["sql"]]


def test_a_rebuilt_day_shows_at_once(client, supervisor, built):
    from admissions.models import Lead

    log_in(client, supervisor)
    before = client.get(f"{URL}channel.csv" + period(built)).content.decode()
    Lead.objects.filter(created_at__date__gte=built.start).delete()
    aggregates.rebuild_days(built.start, built.end)
    after = client.get(f"{URL}channel.csv" + period(built)).content.decode()
    assert before != after
    assert after.strip().splitlines() == [after.strip().splitlines()[0]]


BREAKDOWN_TRENDS = (
    "origin_weekly",
    "utm_source_weekly",
    "utm_medium_weekly",
    "utm_campaign_weekly",
    "referrer_weekly",
    "heard_about_weekly",
    "channel_weekly",
    "counsellor_weekly",
    "level_weekly",
    "language_weekly",
    "funnel_weekly",
    "result_only_weekly",
)


def test_every_breakdown_has_a_weekly_trend_chart_beside_its_table(client, supervisor, built):
    log_in(client, supervisor)
    page = client.get(URL + period(built)).content.decode()
    weeks = len(built_weeks(built))
    for slug in BREAKDOWN_TRENDS:
        assert f'id="table-{slug}"' in page, slug
        assert f'aria-labelledby="chart-{slug}-title chart-{slug}-desc"' in page, slug
        rows = csv_rows(client, slug, built)
        assert rows[0][0] == "Week starting" and len(rows) == weeks + 1, slug
    # The weekly leads of a breakdown add up to the week's leads.
    channel = csv_rows(client, "channel_weekly", built)
    assert sum(int(cell) for row in channel[1:] for cell in row[1:]) == len(built.leads)


def csv_rows(client, slug: str, world) -> list[list[str]]:
    response = client.get(f"{URL}{slug}.csv" + period(world))
    return list(csv.reader(io.StringIO(response.content.decode())))


def built_weeks(world) -> list:
    from reporting import selectors

    return selectors._week_starts(world.start, world.end)


def test_the_trends_speak_spanish(client, supervisor, built):
    log_in(client, supervisor)
    client.cookies["django_language"] = "es"
    page = client.get(URL + period(built)).content.decode()
    assert "Casos por origen de la campaña, por semana" in page
    assert "El embudo por semana" in page
    assert "Semana del" in page
