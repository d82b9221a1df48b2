"""Clinician confirmation of the level of care: agree, or another level with a reason; the lead
page shows both; the dashboard shows how often the screening's level was kept, per level."""

import pytest
from django.urls import reverse

from admissions import confirmation
from admissions.models import AuditEntry, LevelConfirmation
from tests.auth import log_in
from tests.factories import LeadFactory

DASHBOARD = reverse("admissions:dashboard")


def confirm_url(lead) -> str:
    return reverse("admissions:lead_confirm_level", args=[lead.pk])


def test_a_clinician_confirms_the_screenings_level(client, clinician):
    lead = LeadFactory()
    log_in(client, clinician)
    response = client.post(confirm_url(lead), {"level": lead.level, "reason": ""}, follow=True)
    content = response.content.decode()
    assert "Level of care recorded." in content
    assert "Agrees" in content
    (recorded,) = LevelConfirmation.objects.filter(lead=lead)
    assert recorded.agrees and recorded.clinician == clinician
    assert AuditEntry.objects.filter(lead=lead, action="level_confirm").exists()


def test_another_level_needs_a_reason(client, clinician):
    lead = LeadFactory()
    assert lead.level == "iop"
    log_in(client, clinician)
    refused = client.post(confirm_url(lead), {"level": "residential", "reason": ""}, follow=True)
    assert "Say why the level differs" in refused.content.decode()
    assert not LevelConfirmation.objects.exists()
    client.post(confirm_url(lead), {"level": "residential", "reason": "Unsafe at home"})
    page = client.get(reverse("admissions:lead_detail", args=[lead.pk])).content.decode()
    assert "Differs" in page and "Unsafe at home" in page
    assert "Intensive outpatient" in page  # what the screening suggested, beside it


@pytest.mark.parametrize("persona", ["counsellor", "benefits"])
def test_only_clinicians_and_supervisors_confirm(client, request, persona):
    lead = LeadFactory(assigned_to=request.getfixturevalue("counsellor"))
    log_in(client, request.getfixturevalue(persona))
    response = client.post(confirm_url(lead), {"level": lead.level, "reason": ""})
    assert response.status_code == 403
    assert not LevelConfirmation.objects.exists()


def test_the_dashboard_shows_the_agreement_rate_per_level(client, clinician, supervisor):
    leads = [LeadFactory() for _ in range(4)]
    for lead, level in zip(leads, ["iop", "iop", "iop", "outpatient"], strict=True):
        confirmation.level_confirm(
            lead_id=lead.pk, user=clinician, level=level, reason="" if level == "iop" else "Less"
        )
    # A revision counts, not the first word: the third lead ends up differing too.
    confirmation.level_confirm(
        lead_id=leads[2].pk, user=clinician, level="outpatient", reason="Revised"
    )
    rows = {row.level: row for row in confirmation.agreement_by_level()}
    assert (rows["iop"].confirmed, rows["iop"].agreed, rows["iop"].rate) == (4, 2, 50)
    assert rows["inpatient"].rate is None
    log_in(client, supervisor)
    content = client.get(DASHBOARD).content.decode()
    assert "How often clinicians confirmed the screening" in content
    assert "50 %" in content
