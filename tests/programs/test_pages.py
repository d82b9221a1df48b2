"""The public pages: the levels-of-care explainer, the program list with filters, program pages."""

import pytest
from django.urls import reverse

from programs.demo import seed_catalog
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

LEVEL_NAMES = ("Outpatient", "Intensive outpatient (IOP)", "Residential", "Inpatient")


def page(client, url: str, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def listed(html: str, *names: str) -> list[bool]:
    return [name in html for name in names]


def test_home_explains_every_level_with_who_hours_length_and_a_day(client):
    html = page(client, "/")
    assert 'href="/screen/"' in html
    assert "Start the screening" in html
    for name in LEVEL_NAMES:
        assert name in html
    for heading in ("Who it fits", "Hours", "Typical length", "What a day looks like"):
        assert html.count(heading) == 4
    assert "less than 6 for young people under 18" in html
    assert "9 to 19 hours a week for adults" in html
    assert html.count("24 hours a day, 7 days a week.") == 2


def test_home_links_each_level_to_its_programs(client):
    html = page(client, "/")
    for key in ("outpatient", "iop", "residential", "inpatient"):
        assert f'href="/programs/?level={key}"' in html


def test_list_shows_every_program_with_its_facts(client):
    ProgramFactory(name="Evening IOP", hours_per_week="9.5", days_per_week=3)
    ProgramFactory(name="Full group", new_patients="closed")
    html = page(client, "/programs/")
    assert listed(html, "Evening IOP", "Full group") == [True, True]
    assert "9.5 hours a week, over 3 days" in html
    assert "Not taking new patients just now" in html
    assert "2 programs" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("level=residential", [False, False, True, False]),
        ("level=iop", [True, True, False, True]),
        ("audience=adolescents", [False, True, False, False]),
        ("audience=adults", [True, False, True, True]),
        ("schedule=evening", [True, True, False, False]),
        ("schedule=weekend", [False, False, True, False]),
        ("language=es", [False, True, True, False]),
        ("language=en", [True, False, True, True]),
        ("level=iop&language=es&schedule=evening", [False, True, False, False]),
        ("level=spa", [True, True, True, True]),
    ],
)
def test_list_filters_by_level_audience_schedule_and_language(client, query, expected):
    ProgramFactory(name="Adult evening", schedules=["evening"], languages=["en"])
    ProgramFactory(
        name="Teen Spanish",
        audience="adolescents",
        hours_per_week=6,
        schedules=["evening"],
        languages=["es"],
    )
    ProgramFactory(
        name="House",
        level="residential",
        hours_per_week=168,
        days_per_week=7,
        schedules=["daytime", "weekend"],
        languages=["en", "es"],
    )
    ProgramFactory(name="Adult daytime", schedules=["daytime"], languages=["en"])
    html = page(client, f"/programs/?{query}")
    assert listed(html, "Adult evening", "Teen Spanish", "House", "Adult daytime") == expected


def test_unknown_filter_value_is_shown_as_an_error(client):
    html = page(client, "/programs/?level=spa")
    assert "Select a valid choice" in html


def test_list_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    seed_catalog()
    for n in range(30):
        ProgramFactory(name=f"Extra {n}")
    # One query for the programs, whatever their number; one spare for the layout (session, user).
    with django_assert_max_num_queries(2):
        client.get("/programs/?language=en&schedule=evening")
    with django_assert_max_num_queries(2):
        html = page(client, "/programs/")
    assert "39 programs" in html


def test_detail_page_shows_what_the_program_offers(client):
    seed_catalog()
    html = page(client, "/programs/dual-recovery-iop/")
    assert "Dual Recovery Intensive Outpatient" in html
    assert "A track that treats mental health and substance use together" in html
    assert "Psychiatric care and medication management" in html
    assert "15 hours a week, over 5 days" in html
    assert "About 12 weeks" in html
    assert 'href="/#level-iop"' in html


def test_twenty_four_hour_program_says_so(client):
    seed_catalog()
    html = page(client, "/programs/harbor-house-residential/")
    assert "24 hours a day, 7 days a week" in html


def test_program_by_id_redirects_to_its_page(client):
    program = ProgramFactory(slug="evening-iop")
    response = client.get(f"/programs/{program.pk}/")
    assert response.status_code == 301
    assert response["Location"] == reverse("programs:detail", args=["evening-iop"])


def test_unknown_program_is_not_found(client):
    assert client.get("/programs/no-such-program/").status_code == 404
    assert client.get("/programs/999999/").status_code == 404
