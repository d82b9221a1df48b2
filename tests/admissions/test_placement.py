"""Where a lead went: admitting it names the program, referring it out names the provider;
both are shown on the lead page, on the timeline's data and in the audit log."""

import pytest
from django.urls import reverse

from admissions import pipeline
from admissions.audit import Action
from admissions.models import AuditEntry, Lead, LeadEvent, Status
from tests.auth import log_in
from tests.factories import LeadFactory, ProgramFactory


def status_url(lead: Lead) -> str:
    return reverse("admissions:lead_status", args=[lead.pk])


def test_admitting_from_the_lead_page_records_the_program(client, counsellor):
    program = ProgramFactory(name="Evening IOP, Main St")
    lead = LeadFactory(assigned_to=counsellor, status=Status.ASSESSMENT_SCHEDULED)
    log_in(client, counsellor)
    response = client.post(
        status_url(lead),
        {"status": "admitted", "reason": "Starts Monday", "program": program.pk},
        follow=True,
    )
    content = response.content.decode()
    assert "Status changed." in content
    assert "Admitted to" in content and "Evening IOP, Main St" in content
    lead.refresh_from_db()
    assert (lead.status, lead.admitted_program) == (Status.ADMITTED, program)
    event = lead.events.get(kind=LeadEvent.Kind.STATUS_CHANGED)
    assert event.data["program_id"] == program.pk
    audit = AuditEntry.objects.get(lead=lead, action=Action.STATUS_CHANGE)
    assert audit.detail["program_id"] == program.pk


def test_referring_out_records_the_provider(client, counsellor):
    lead = LeadFactory(assigned_to=counsellor, status=Status.CONTACTED)
    log_in(client, counsellor)
    response = client.post(
        status_url(lead),
        {"status": "referred_out", "reason": "Needs detox first", "provider": " County detox "},
        follow=True,
    )
    assert "County detox" in response.content.decode()
    lead.refresh_from_db()
    assert (lead.status, lead.referred_to) == (Status.REFERRED_OUT, "County detox")


@pytest.mark.parametrize(
    ("status", "field", "message"),
    [
        ("admitted", "program", "Choose the program the lead is admitted to."),
        ("referred_out", "provider", "Name the provider the lead is referred to."),
    ],
)
def test_without_where_it_went_the_move_is_refused_kindly(
    client, counsellor, status, field, message
):
    lead = LeadFactory(assigned_to=counsellor, status=Status.CONTACTED)
    log_in(client, counsellor)
    response = client.post(status_url(lead), {"status": status, "reason": "Done"})
    assert response.status_code == 400
    assert message in response.content.decode()
    with pytest.raises(pipeline.ActionRefused, match=message[:20]):
        pipeline.change_status(lead_id=lead.pk, user=counsellor, status=status, reason="Done")
    assert Lead.objects.get(pk=lead.pk).status == Status.CONTACTED


def test_the_form_in_spanish(client, counsellor):
    lead = LeadFactory(assigned_to=counsellor, status=Status.CONTACTED)
    log_in(client, counsellor)
    response = client.post(
        status_url(lead), {"status": "admitted", "reason": "Hecho"}, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert "Elige el programa en el que ingresa el caso." in response.content.decode()
