"""Script and formula payloads in every free-text field stay inert on staff pages and in the CSV."""

import csv
import io

import pytest
from django.utils.html import escape

from admissions.models import LeadEvent
from tests.auth import log_in
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("doorway")</script>'
IMAGE = '"><img src=x onerror=alert(1)>'
FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+2", "-3+4", "@SUM(A1:A2)"]


@pytest.fixture
def poisoned(supervisor):
    """A lead whose every free-text field is an attack, plus staff text written about it."""
    lead = LeadFactory(
        first_name=SCRIPT,
        last_name=IMAGE,
        phone=FORMULAS[1],
        email=FORMULAS[3],
        message=SCRIPT + IMAGE,
        close_reason=SCRIPT,
    )
    for body in (SCRIPT, IMAGE):
        LeadEvent.objects.create(lead=lead, kind="note", actor=supervisor, body=body)
    LeadFactory(first_name=FORMULAS[0], last_name=FORMULAS[2])
    return lead


@pytest.fixture
def staff(client, supervisor):
    log_in(client, supervisor)
    return client


def assert_inert(html: str) -> None:
    assert SCRIPT not in html
    assert "<img src=x" not in html


@pytest.mark.parametrize(
    "path",
    [
        "/staff/",
        "/staff/leads/{pk}/",
        "/staff/leads/{pk}/audit/",
        "/staff/leads/{pk}/insurance/",
        "/staff/audit/",
        "/staff/dashboard/",
    ],
)
def test_staff_pages_show_payloads_as_text(staff, poisoned, path):
    response = staff.get(path.format(pk=poisoned.pk))
    assert response.status_code == 200
    assert_inert(response.content.decode())


def test_search_words_come_back_escaped(staff, poisoned):
    response = staff.post("/staff/", {"q": SCRIPT}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert_inert(html)
    assert escape(SCRIPT) in html, "the search box shows the words, as text"


def test_lead_page_shows_every_payload_escaped(staff, poisoned):
    html = staff.get(f"/staff/leads/{poisoned.pk}/").content.decode()
    assert escape(SCRIPT) in html, "the name is shown, as text"
    assert escape(IMAGE) in html


def test_notes_written_by_staff_are_escaped_too(staff, poisoned):
    staff.post(f"/staff/leads/{poisoned.pk}/note/", {"body": SCRIPT + "note"})
    html = staff.get(f"/staff/leads/{poisoned.pk}/").content.decode()
    assert escape(SCRIPT + "note") in html
    assert_inert(html)


def test_a_rejected_form_echoes_the_payload_escaped(staff, poisoned):
    response = staff.post(f"/staff/leads/{poisoned.pk}/status/", {"status": SCRIPT})
    assert response.status_code == 400
    assert_inert(response.content.decode())


def test_csv_export_neutralises_every_formula_cell(staff, poisoned):
    response = staff.get("/staff/export.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    for formula in FORMULAS:
        assert "'" + formula in cells, formula
    assert SCRIPT in cells, "a CSV is plain text: the script is kept as text, not dropped"
