"""Staff actions: each one changes the lead, adds to its timeline and to the audit log at once."""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from admissions import pipeline
from admissions.audit import Action
from admissions.models import AuditEntry, Lead, LeadEvent, Status
from tests.auth import log_in
from tests.factories import CounsellorFactory, LeadFactory, UserFactory

IP = "198.51.100.4"


def post(client, name: str, lead: Lead, data: dict | None = None):
    return client.post(reverse(f"admissions:{name}", args=[lead.pk]), data or {}, REMOTE_ADDR=IP)


def events(lead: Lead, kind: str) -> list[LeadEvent]:
    return list(LeadEvent.objects.filter(lead=lead, kind=kind))


def audited(lead: Lead, action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(lead=lead, action=action))


# --- Claim ------------------------------------------------------------------------------------


def test_counsellor_claims_an_unassigned_lead(client, counsellor):
    lead = LeadFactory()
    log_in(client, counsellor)
    post(client, "lead_claim", lead)
    lead.refresh_from_db()
    assert lead.assigned_to == counsellor
    assert lead.claimed_at is not None
    assert [event.actor for event in events(lead, LeadEvent.Kind.CLAIMED)] == [counsellor]
    [entry] = audited(lead, Action.CLAIM)
    assert (entry.user, entry.ip) == (counsellor, IP)


def test_counsellor_claims_a_lead_routed_to_them(counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    pipeline.claim(lead_id=lead.pk, user=counsellor)
    lead.refresh_from_db()
    assert lead.claimed_at is not None


def test_a_lead_cannot_be_claimed_twice(counsellor):
    lead = LeadFactory()
    pipeline.claim(lead_id=lead.pk, user=counsellor)
    with pytest.raises(pipeline.ActionRefused):
        pipeline.claim(lead_id=lead.pk, user=counsellor)
    assert len(events(lead, LeadEvent.Kind.CLAIMED)) == 1


def test_counsellor_cannot_claim_another_counsellors_lead(counsellor, other_counsellor):
    lead = LeadFactory(assigned_to=other_counsellor)
    with pytest.raises(pipeline.ActionRefused):
        pipeline.claim(lead_id=lead.pk, user=counsellor)
    lead.refresh_from_db()
    assert lead.assigned_to == other_counsellor


def test_a_refused_claim_comes_back_as_a_message_and_changes_nothing(
    client, supervisor, other_counsellor
):
    lead = LeadFactory(assigned_to=other_counsellor)
    log_in(client, supervisor)
    response = post(client, "lead_claim", lead)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Another counsellor has this lead" in page
    assert not audited(lead, Action.CLAIM)


@pytest.mark.django_db(transaction=True)
def test_two_counsellors_claiming_at_once_only_one_wins():
    first = CounsellorFactory(user=UserFactory(username="first")).user
    second = CounsellorFactory(user=UserFactory(username="second")).user
    lead = LeadFactory()
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def claim(user) -> None:
        barrier.wait()
        try:
            pipeline.claim(lead_id=lead.pk, user=user)
            outcomes.append("claimed")
        except pipeline.ActionRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(user,)) for user in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["claimed", "refused"]
    assert LeadEvent.objects.filter(lead=lead, kind=LeadEvent.Kind.CLAIMED).count() == 1


# --- Reassign ---------------------------------------------------------------------------------


def test_supervisor_reassigns_to_another_counsellor(
    client, supervisor, counsellor, other_counsellor
):
    lead = LeadFactory(assigned_to=counsellor, claimed_at=timezone.now())
    log_in(client, supervisor)
    post(client, "lead_reassign", lead, {"to_user": other_counsellor.pk})
    lead.refresh_from_db()
    assert lead.assigned_to == other_counsellor
    assert lead.claimed_at is None
    [event] = events(lead, LeadEvent.Kind.REASSIGNED)
    assert event.data == {"from_user_id": counsellor.pk, "to_user_id": other_counsellor.pk}
    assert audited(lead, Action.REASSIGN)[0].ip == IP


def test_reassign_only_to_an_active_counsellor(client, supervisor, counsellor, outsider):
    lead = LeadFactory(assigned_to=counsellor)
    log_in(client, supervisor)
    response = post(client, "lead_reassign", lead, {"to_user": outsider.pk})
    assert response.status_code == 400
    with pytest.raises(pipeline.ActionRefused):
        pipeline.reassign(lead_id=lead.pk, user=supervisor, to_user_id=outsider.pk)
    lead.refresh_from_db()
    assert lead.assigned_to == counsellor


def test_counsellor_cannot_reassign(counsellor, other_counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    with pytest.raises(PermissionDenied):
        pipeline.reassign(lead_id=lead.pk, user=counsellor, to_user_id=other_counsellor.pk)


# --- Contact attempts -------------------------------------------------------------------------


def test_first_contact_attempt_stops_the_clock_and_later_ones_do_not_move_it(client, counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    log_in(client, counsellor)
    post(client, "lead_contact", lead, {"channel": "call", "outcome": "no_answer"})
    lead.refresh_from_db()
    first = lead.first_contact_at
    assert first is not None
    post(client, "lead_contact", lead, {"channel": "text", "outcome": "reached", "body": "ok"})
    lead.refresh_from_db()
    assert lead.first_contact_at == first
    attempts = events(lead, LeadEvent.Kind.CONTACT_ATTEMPT)
    assert [event.data for event in attempts] == [
        {"channel": "call", "outcome": "no_answer"},
        {"channel": "text", "outcome": "reached"},
    ]
    assert len(audited(lead, Action.CONTACT_ATTEMPT)) == 2


def test_a_contact_attempt_needs_a_known_channel_and_outcome(client, counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    log_in(client, counsellor)
    response = post(client, "lead_contact", lead, {"channel": "pigeon", "outcome": "reached"})
    assert response.status_code == 400
    lead.refresh_from_db()
    assert lead.first_contact_at is None
    assert not events(lead, LeadEvent.Kind.CONTACT_ATTEMPT)


def test_contact_on_an_unclaimed_unassigned_lead_needs_a_claim_first(counsellor):
    lead = LeadFactory()
    with pytest.raises(PermissionDenied):
        pipeline.log_contact_attempt(
            lead_id=lead.pk, user=counsellor, channel="call", outcome="reached"
        )


# --- Notes ------------------------------------------------------------------------------------


def test_note_is_added_to_the_timeline(client, counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    log_in(client, counsellor)
    post(client, "lead_note", lead, {"body": "Prefers Spanish after 5pm."})
    [note] = events(lead, LeadEvent.Kind.NOTE)
    assert (note.body, note.actor) == ("Prefers Spanish after 5pm.", counsellor)
    [entry] = audited(lead, Action.NOTE)
    assert "Spanish" not in str(entry.detail)


def test_an_empty_note_is_refused(client, counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    log_in(client, counsellor)
    assert post(client, "lead_note", lead, {"body": "   "}).status_code == 400
    with pytest.raises(pipeline.ActionRefused):
        pipeline.add_note(lead_id=lead.pk, user=counsellor, body="  ")
    assert not events(lead, LeadEvent.Kind.NOTE)


# --- Status -----------------------------------------------------------------------------------


def test_status_moves_along_the_pipeline(client, counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    log_in(client, counsellor)
    post(client, "lead_status", lead, {"status": "contacted"})
    post(client, "lead_status", lead, {"status": "assessment_scheduled"})
    lead.refresh_from_db()
    assert lead.status == Status.ASSESSMENT_SCHEDULED
    changes = [event.data for event in events(lead, LeadEvent.Kind.STATUS_CHANGED)]
    assert changes == [
        {"from": "new", "to": "contacted"},
        {"from": "contacted", "to": "assessment_scheduled"},
    ]
    assert len(audited(lead, Action.STATUS_CHANGE)) == 2


@pytest.mark.parametrize("closing", ["admitted", "referred_out", "not_admitted", "closed"])
def test_closing_needs_a_reason(client, counsellor, closing):
    lead = LeadFactory(assigned_to=counsellor)
    log_in(client, counsellor)
    response = post(client, "lead_status", lead, {"status": closing, "reason": ""})
    assert response.status_code == 400
    assert "Say why the lead is closing." in response.content.decode()
    with pytest.raises(pipeline.ActionRefused):
        pipeline.change_status(lead_id=lead.pk, user=counsellor, status=closing, reason=" ")
    lead.refresh_from_db()
    assert lead.status == Status.NEW


def test_closing_with_a_reason_keeps_it_and_reopening_clears_it(counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    pipeline.change_status(
        lead_id=lead.pk,
        user=counsellor,
        status="referred_out",
        reason="Needs detox first",
        provider="County detox",
    )
    lead.refresh_from_db()
    assert (lead.status, lead.close_reason) == ("referred_out", "Needs detox first")
    pipeline.change_status(lead_id=lead.pk, user=counsellor, status="contacted")
    lead.refresh_from_db()
    assert (lead.status, lead.close_reason) == ("contacted", "")


def test_the_same_status_again_is_refused(counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    with pytest.raises(pipeline.ActionRefused):
        pipeline.change_status(lead_id=lead.pk, user=counsellor, status="new")


def test_supervisor_may_work_any_lead(supervisor, other_counsellor):
    lead = LeadFactory(assigned_to=other_counsellor)
    pipeline.change_status(lead_id=lead.pk, user=supervisor, status="contacted")
    lead.refresh_from_db()
    assert lead.status == Status.CONTACTED


def test_another_counsellor_cannot_change_the_status(counsellor, other_counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    with pytest.raises(PermissionDenied):
        pipeline.change_status(lead_id=lead.pk, user=other_counsellor, status="contacted")
