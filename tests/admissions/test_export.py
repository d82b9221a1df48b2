"""CSV export of the filtered queue: supervisors only, audited, no free text, formula-safe."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.urls import reverse

from admissions.audit import Action
from admissions.export import safe_cell
from admissions.models import AuditEntry, Lead, LeadEvent
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
    assert [row["Lead"] for row in everything] == [str(crisis.pk), str(calm.pk)]
    urgent_only = rows(signed_in.get(EXPORT, {"priority": "urgent"}))
    assert [row["Lead"] for row in urgent_only] == [str(crisis.pk)]
    assert urgent_only[0]["Crisis"] == "Yes"


def test_export_has_no_free_text(signed_in, supervisor):
    lead = LeadFactory(message="My brother drinks every night", close_reason="Moved away")
    LeadEvent.objects.create(lead=lead, kind=LeadEvent.Kind.NOTE, body="Private note text")
    text = b"".join(signed_in.get(EXPORT, {"status": ""}).streaming_content).decode()
    for secret in ("drinks every night", "Moved away", "Private note text"):
        assert secret not in text
    header = text.splitlines()[0].split(",")
    assert not {"Message", "Close reason", "Note", "Answers"} & set(header)


def test_cells_that_a_spreadsheet_would_run_are_defused(signed_in):
    LeadFactory(first_name='=HYPERLINK("http://x")', last_name="@SUM(A1)")
    [row] = rows(signed_in.get(EXPORT))
    assert row["First name"] == '\'=HYPERLINK("http://x")'
    assert row["Last name"] == "'@SUM(A1)"
    assert row["Phone"].startswith("'+")


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
    assert [row["First name"] for row in exported] == ["Zelda"]
    [entry] = AuditEntry.objects.filter(action=Action.EXPORT)
    assert (entry.user, entry.ip) == (supervisor, "192.0.2.5")
    assert entry.detail["filters"]["level"] == "iop"
    assert entry.detail["filters"]["search"] is True
    assert "Zelda" not in str(entry.detail)


def test_times_are_in_the_centres_time_zone_to_the_minute(signed_in, settings):
    settings.TIME_ZONE = "America/Chicago"
    lead = LeadFactory()
    received = datetime(2026, 1, 15, 18, 5, 42, 123456, tzinfo=UTC)
    Lead.objects.filter(pk=lead.pk).update(created_at=received, claimed_at=received)
    [row] = rows(signed_in.get(EXPORT))
    assert row["Received"] == "2026-01-15 12:05"  # 18:05 UTC is 12:05 in Chicago in January
    assert row["Claimed"] == "2026-01-15 12:05"
    assert row["First contact"] == ""


def test_coded_values_are_written_in_words(signed_in, supervisor):
    LeadFactory(
        language="es",
        respondent="loved_one",
        relationship="parent",
        contact_method="text",
        contact_time="evening",
        assigned_to=supervisor,
    )
    [row] = rows(signed_in.get(EXPORT))
    assert row["Level of care"] == "Intensive outpatient (IOP)"
    assert row["Language"] == "Spanish"
    assert row["Filled in by"] == "A loved one"
    assert row["Source"] == "Web screening"
    assert row["Status"] == "New"
    assert row["Priority"] == "Normal"
    assert (row["Contact by"], row["Best time"]) == ("Text message", "Evening")
    assert row["Assigned to"] == supervisor.get_full_name()


def test_a_spanish_speaking_supervisor_gets_the_export_in_spanish(signed_in):
    LeadFactory(contact_time="morning")
    signed_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    [row] = rows(signed_in.get(EXPORT))
    assert row["Nivel de atención"] == "Ambulatorio intensivo (IOP)"
    assert row["Mejor momento"] == "Por la mañana"


def test_counsellors_cannot_export(client, counsellor):
    log_in(client, counsellor)
    assert client.get(EXPORT).status_code == 403
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_where_the_lead_came_from_is_in_labelled_columns(signed_in):
    LeadFactory(
        heard_about="doctor",
        utm_source="newsletter",
        utm_medium="email",
        utm_campaign="spring",
        referrer_host="clinic.example.org",
    )
    response = signed_in.get(EXPORT)
    text = b"".join(response.streaming_content).decode()
    header = next(csv.reader(io.StringIO(text)))
    source = header.index("Source")
    assert header[source + 1 : source + 6] == [
        "Heard about us",
        "Campaign source",
        "Campaign medium",
        "Campaign",
        "Referring site",
    ]
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["Heard about us"] == "Doctor or therapist"
    assert (row["Campaign source"], row["Campaign medium"], row["Campaign"]) == (
        "newsletter",
        "email",
        "spring",
    )
    assert row["Referring site"] == "clinic.example.org"


def test_a_lead_that_said_nothing_of_where_it_came_from_has_empty_cells(signed_in):
    LeadFactory()
    [row] = rows(signed_in.get(EXPORT))
    assert row["Heard about us"] == "Not said"
    assert row["Campaign source"] == row["Referring site"] == ""


def test_the_attribution_columns_speak_spanish(signed_in):
    LeadFactory(heard_about="family_friend", utm_source="radio")
    signed_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    [row] = rows(signed_in.get(EXPORT))
    assert row["Nos conoció por"] == "Familia o amistades"
    assert row["Origen de la campaña"] == "radio"
