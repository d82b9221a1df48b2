"""Date filters of the queue and the export: a kind message, never a server error."""

import pytest
from django.urls import reverse

from admissions.models import AuditEntry
from tests.auth import log_in
from tests.factories import LeadFactory

QUEUE = reverse("admissions:queue")
EXPORT = reverse("admissions:export")


@pytest.fixture
def signed_in(client, supervisor):
    return log_in(client, supervisor)


@pytest.mark.parametrize("name", ["created_from", "created_to"])
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31"])
def test_a_date_out_of_range_gets_a_kind_message_on_the_queue(signed_in, name, day):
    lead = LeadFactory()
    response = signed_in.get(QUEUE, {name: day})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose a date between 2000-01-01 and 2100-12-31." in html
    assert f'href="/staff/leads/{lead.pk}/"' in html, "the rest of the filters still apply"


def test_from_after_to_says_so(signed_in):
    response = signed_in.get(QUEUE, {"created_from": "2026-03-02", "created_to": "2026-03-01"})
    assert response.status_code == 200
    assert "is before" in response.content.decode()


def test_an_export_with_a_date_out_of_range_goes_back_to_the_queue_and_exports_nothing(
    signed_in,
):
    LeadFactory()
    response = signed_in.get(EXPORT, {"created_to": "9999-12-31", "priority": "urgent"})
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?created_to=9999-12-31&priority=urgent"
    page = signed_in.get(response["Location"])
    assert "Choose a date between" in page.content.decode()
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_message_is_in_spanish_for_spanish_staff(signed_in):
    signed_in.post("/i18n/setlang/", {"language": "es", "next": QUEUE})
    html = signed_in.get(QUEUE, {"created_to": "9999-12-31"}).content.decode()
    assert "Elige una fecha entre 2000-01-01 y 2100-12-31." in html
