"""Staff manage the catalog in the admin, with filters, search and the same validation."""

import pytest

from programs.models import Program
from tests.auth import log_in
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/programs/program/"


def test_outsider_cannot_open_the_catalog_admin(client, outsider):
    log_in(client, outsider)
    response = client.get(CHANGELIST)
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("language=es", "Spanish IOP", "English IOP"),
        ("schedule=weekend", "Spanish IOP", "English IOP"),
        ("service=medication", "English IOP", "Spanish IOP"),
        ("co_occurring_track__exact=1", "English IOP", "Spanish IOP"),
        ("q=Lakeview", "Spanish IOP", "English IOP"),
    ],
)
def test_admin_filters_and_searches_programs(admin_client, query, shown, hidden):
    ProgramFactory(name="English IOP", services=["group", "medication"], co_occurring_track=True)
    ProgramFactory(name="Spanish IOP", languages=["es"], schedules=["weekend"], location="Lakeview")
    html = admin_client.get(f"{CHANGELIST}?{query}").content.decode()
    assert shown in html
    assert hidden not in html


def test_admin_refuses_hours_that_do_not_fit_the_level(admin_client):
    form = {
        "name": "Too long",
        "name_es": "",
        "slug": "too-long",
        "level": "outpatient",
        "audience": "adults",
        "hours_per_week": "12",
        "days_per_week": "3",
        "schedules": ["evening"],
        "typical_weeks": "8",
        "services": ["group"],
        "languages": ["en"],
        "location": "Main clinic",
        "capacity": "10",
        "new_patients": "automatic",
        "description_en": "A program.",
        "description_es": "Un programa.",
    }
    response = admin_client.post(f"{CHANGELIST}add/", form)
    assert response.status_code == 200
    assert "9 hours or more is intensive outpatient" in response.content.decode()
    assert not Program.objects.exists()
    form["hours_per_week"] = "8"
    response = admin_client.post(f"{CHANGELIST}add/", form)
    assert response.status_code == 302
    program = Program.objects.get(slug="too-long")
    assert (program.schedules, program.languages) == (["evening"], ["en"])
