"""CSV export of the filtered queue: supervisors only, audited, no free text, formula-safe."""

import csv
import io

import pytest
from django.urls import reverse

from admissions.audit import Action
from admissions.export import safe_cell
from admissions.models import AuditEntry, LeadEvent
from tests.auth import log_in
from tests.factories import CRISIS_ANSWERS, LeadFactory

EXPORT = reverse("admissions:export")


def rows(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def signed_in(client, supervisor):
    log_in(client, supervisor)
    return client


def test_export_lists_the_filtered_queue_in_queue_order(signed_in):
    calm = LeadFactory()
    crisis = LeadFactory(answers_changes=CRISIS_ANSWERS)
    everything = rows(signed_in.get(EXPORT))
    assert [row["id"] for row in everything] == [str(crisis.pk), str(calm.pk)]
    urgent_only = rows(signed_in.get(EXPORT, {"priority": "urgent"}))
    assert [row["id"] for row in urgent_only] == [str(crisis.pk)]
    assert urgent_only[0]["crisis"] == "yes"


def test_export_has_no_free_text(signed_in, supervisor):
    lead = LeadFactory(message="My brother drinks every night", close_reason="Moved away")
    LeadEvent.objects.create(lead=lead, kind=LeadEvent.Kind.NOTE, body="Private note text")
    text = b"".join(signed_in.get(EXPORT, {"status": ""}).streaming_content).decode()
    for secret in ("drinks every night", "Moved away", "Private note text"):
        assert secret not in text
    header = text.splitlines()[0].split(",")
    assert not {"message", "close_reason", "body", "answers"} & set(header)


def test_cells_that_a_spreadsheet_would_run_are_defused(signed_in):
    LeadFactory(first_name='=HYPERLINK("http://x")', last_name="@SUM(A1)")
    [row] = rows(signed_in.get(EXPORT))
    assert row["first_name"] == '\'=HYPERLINK("http://x")'
    assert row["last_name"] == "'@SUM(A1)"
    assert row["phone"].startswith("'+")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("Ana", "Ana"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_export_is_audited_without_the_search_words(signed_in, supervisor):
    LeadFactory(first_name="Zelda")
    LeadFactory(first_name="Other")
    signed_in.post(reverse("admissions:queue"), {"q": "Zelda"})
    exported = rows(signed_in.get(EXPORT, {"search": "1", "level": "iop"}, REMOTE_ADDR="192.0.2.5"))
    assert [row["first_name"] for row in exported] == ["Zelda"]
    [entry] = AuditEntry.objects.filter(action=Action.EXPORT)
    assert (entry.user, entry.ip) == (supervisor, "192.0.2.5")
    assert entry.detail["filters"]["level"] == "iop"
    assert entry.detail["filters"]["search"] is True
    assert "Zelda" not in str(entry.detail)


def test_counsellors_cannot_export(client, counsellor):
    log_in(client, counsellor)
    assert client.get(EXPORT).status_code == 403
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()
