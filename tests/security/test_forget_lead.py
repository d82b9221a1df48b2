"""`forget_lead ID` erases a person on request, keeps the counts, is audited and repeatable."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from admissions.insurance import insurance_card_add
from admissions.models import AuditEntry, InsuranceCard, Lead, LeadEvent
from admissions.privacy import ERASE_LEAD
from tests.factories import CRISIS_ANSWERS, LeadFactory
from tests.security.images import photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(counsellor):
    lead = LeadFactory(
        answers_changes=CRISIS_ANSWERS,
        message="Please call after six, my partner does not know.",
        assigned_to=counsellor,
        status="contacted",
        close_reason="",
    )
    LeadEvent.objects.create(lead=lead, kind="note", actor=counsellor, body="Lives with sister.")
    LeadEvent.objects.create(lead=lead, kind="routed", data={"assignee": counsellor.pk})
    insurance_card_add(lead=lead, side="front", upload=photo("JPEG"))
    insurance_card_add(lead=lead, side="back", upload=photo("PNG"))
    return lead


def forget(lead_id: int) -> str:
    out = StringIO()
    call_command("forget_lead", str(lead_id), stdout=out)
    return out.getvalue()


def test_forget_lead_erases_contact_details_answers_notes_and_cards(lead):
    forget(lead.pk)
    lead.refresh_from_db()
    assert (lead.first_name, lead.last_name, lead.phone, lead.email) == ("", "", "", "")
    assert lead.message == ""
    assert lead.answers == {}
    assert lead.age == 0
    assert lead.assessment["reasons"] == []
    assert lead.assessment["flags"] == []
    assert not LeadEvent.objects.filter(lead=lead).exclude(body="").exists()
    assert not InsuranceCard.objects.filter(lead=lead).exists()


def test_forget_lead_keeps_the_non_identifying_counts(lead):
    before = Lead.objects.filter(pk=lead.pk).values(
        "level",
        "priority",
        "crisis",
        "status",
        "source",
        "respondent",
        "created_at",
        "assigned_to",
        "rules_version",
    )[0]
    forget(lead.pk)
    after = Lead.objects.filter(pk=lead.pk).values(*before)[0]
    assert after == before
    lead.refresh_from_db()
    assert lead.assessment["level"] == before["level"]
    assert lead.assessment["crisis"] is True
    assert LeadEvent.objects.filter(lead=lead).count() == 2, "the timeline's shape stays"


def test_forget_lead_is_audited_without_personal_data(lead):
    forget(lead.pk)
    entry = AuditEntry.objects.get(lead=lead, action=ERASE_LEAD)
    assert entry.detail["insurance_cards"] == 2
    assert entry.detail["notes"] == 1
    assert "phone" in entry.detail["fields"]
    assert lead.phone not in str(entry.detail)


def test_forget_lead_twice_changes_nothing_the_second_time(lead):
    forget(lead.pk)
    erased = Lead.objects.filter(pk=lead.pk).values()[0]
    output = forget(lead.pk)
    assert "already erased" in output
    assert Lead.objects.filter(pk=lead.pk).values()[0] == erased
    assert AuditEntry.objects.filter(lead=lead, action=ERASE_LEAD).count() == 1


def test_forget_lead_leaves_other_leads_alone(lead):
    neighbour = LeadFactory()
    forget(lead.pk)
    neighbour.refresh_from_db()
    assert neighbour.first_name != ""
    assert neighbour.answers != {}


def test_forget_lead_with_an_unknown_number_fails_clearly(db):
    with pytest.raises(CommandError, match="No lead has the number 987654"):
        forget(987654)


def test_forget_lead_erases_snooze_and_confirmation_reasons_and_the_phone_digits(
    lead, counsellor, clinician
):
    from django.utils import timezone

    from admissions.confirmation import level_confirm
    from admissions.models import FollowUp, LevelConfirmation

    FollowUp.objects.create(
        lead=lead, kind="call", due_at=timezone.now(), snooze_reason="In hospital"
    )
    level_confirm(lead_id=lead.pk, user=clinician, level="inpatient", reason="Lives with sister")
    forget(lead.pk)
    lead.refresh_from_db()
    assert lead.phone_digits == ""
    assert FollowUp.objects.get(lead=lead).snooze_reason == ""
    assert LevelConfirmation.objects.get(lead=lead).reason == ""


def test_forget_lead_erases_the_coverage_details_and_the_benefits_checks(lead):
    from benefits.models import BenefitsCheck, Coverage, Payer
    from benefits.services import coverage_save

    payer = Payer.objects.create(name="Acme Health Plan", payer_id="60054")
    coverage_save(
        lead=lead,
        data={
            "payment_type": "commercial",
            "payer": str(payer.pk),
            "member_id": "W123456789",
            "group_number": "GRP001",
            "patient_birth_date": "1985-03-14",
            "subscriber": "other",
            "subscriber_first_name": "Maria",
            "subscriber_last_name": "Lopez",
            "subscriber_birth_date": "1960-01-02",
            "subscriber_relationship": "child",
        },
    )
    BenefitsCheck.objects.create(lead=lead, back_end="manual", response_body="W123456789 active")
    output = forget(lead.pk)
    assert "2 coverage and benefits records" in output
    coverage = Coverage.objects.get(lead=lead)
    assert (coverage.member_id, coverage.group_number, coverage.subscriber_first_name) == (
        "",
        "",
        "",
    )
    assert (coverage.patient_birth_date, coverage.subscriber_birth_date) == (None, None)
    assert not BenefitsCheck.objects.filter(lead=lead).exists()
    # What the statistics need stays: how the person pays and with whom.
    assert (coverage.payment_type, coverage.payer_id) == ("commercial", payer.pk)
    assert "already erased" in forget(lead.pk)
