"""Merging two leads that are the same person: a supervisor picks the lead to keep from the
possible-duplicate warning; the other's timeline, attempts, notes and follow-ups move to it, and
the other is closed as merged, with a link. Nothing is lost; both are audited."""

import pytest
from django.urls import reverse

from admissions import followups, merge, pipeline
from admissions.models import AuditEntry, Booking, FollowUp, Lead, LeadEvent, Status
from admissions.services import lead_create
from tests.admissions.test_booking import slot_for
from tests.auth import log_in
from tests.factories import make_answers


def create(**contact) -> Lead:
    return lead_create(
        answers=make_answers(),
        contact={"first_name": "Ana", **contact},
        source="phone",
        consent_version="1",
        consent_to_texts=False,
    )


@pytest.fixture
def pair(counsellor, other_counsellor):
    """The same person twice, each lead worked by a different counsellor."""
    older = create(phone="(305) 555-0142")
    newer = create(phone="+1 305 555 0142", email="ana@example.net", last_name="López")
    for lead, user in ((older, counsellor), (newer, other_counsellor)):
        Lead.objects.filter(pk=lead.pk).update(assigned_to=user)
    pipeline.log_contact_attempt(
        lead_id=older.pk, user=counsellor, channel="call", outcome="no_answer"
    )
    pipeline.add_note(lead_id=older.pk, user=counsellor, body="Voicemail full.")
    pipeline.log_contact_attempt(
        lead_id=newer.pk, user=other_counsellor, channel="text", outcome="left_message"
    )
    pipeline.add_note(lead_id=newer.pk, user=other_counsellor, body="Prefers evenings.")
    return older, newer


def merge_url(lead: Lead) -> str:
    return reverse("admissions:lead_merge", args=[lead.pk])


def test_the_supervisor_merges_from_the_warning_and_every_event_of_both_is_on_the_lead_kept(
    client, supervisor, pair
):
    older, newer = pair
    before = {
        event.pk: (event.kind, event.body, event.created_at)
        for event in LeadEvent.objects.filter(lead__in=pair)
    }
    moved_count = newer.events.count()
    log_in(client, supervisor)
    page = client.get(reverse("admissions:lead_detail", args=[newer.pk])).content.decode()
    assert "Same person? Merge, keeping:" in page and f"Lead {older.pk} (older)" in page

    response = client.post(merge_url(newer), {"other": older.pk, "keep": older.pk}, follow=True)

    assert response.redirect_chain[-1][0] == f"/staff/leads/{older.pk}/"
    content = response.content.decode()
    assert f"Lead {newer.pk} merged into this one." in content
    assert "Voicemail full." in content and "Prefers evenings." in content
    kept = LeadEvent.objects.filter(lead=older)
    # Every event of both leads, unchanged, plus the one that says the merge happened.
    assert {
        event.pk: (event.kind, event.body, event.created_at)
        for event in kept.exclude(kind=LeadEvent.Kind.MERGED)
    } == before
    assert kept.filter(kind=LeadEvent.Kind.CONTACT_ATTEMPT).count() == 2
    merged = kept.get(kind=LeadEvent.Kind.MERGED)
    assert merged.actor == supervisor and merged.data["merged_lead_id"] == newer.pk
    # The kept lead takes the contact details it lacked; the duplicate warning is gone.
    older.refresh_from_db()
    assert (older.email, older.last_name) == ("ana@example.net", "López")
    assert not older.possible_duplicates.exists()
    # The other is closed as merged, with a link, and says so.
    newer.refresh_from_db()
    assert newer.status == Status.CLOSED and newer.merged_into == older
    assert newer.close_reason == f"Merged into lead {older.pk}"
    other_page = client.get(reverse("admissions:lead_detail", args=[newer.pk])).content.decode()
    assert f'href="/staff/leads/{older.pk}/">Go to lead {older.pk}' in other_page
    assert list(newer.events.values_list("kind", flat=True)) == [LeadEvent.Kind.MERGED_INTO]
    audits = AuditEntry.objects.filter(action=merge.MERGE)
    assert {(entry.lead_id, entry.user_id) for entry in audits} == {
        (older.pk, supervisor.pk),
        (newer.pk, supervisor.pk),
    }
    assert audits.first().detail["moved"]["events"] == moved_count


def test_the_next_action_and_a_booking_move_with_the_lead(supervisor, counsellor, pair):
    older, newer = pair
    # Only the newer lead has a booking; both had a next action proposed by the cadence.
    Booking.objects.create(
        slot=slot_for(counsellor), lead=newer, booked_by=supervisor, status=Booking.Status.BOOKED
    )
    assert FollowUp.objects.filter(done_at__isnull=True).count() == 2
    merge.leads_merge(keep_id=older.pk, other_id=newer.pk, user=supervisor)
    assert Booking.objects.get().lead == older
    # The kept lead's own next action stays; the other's is closed (kept, done, in history).
    assert FollowUp.objects.filter(lead=older, done_at__isnull=True).count() == 1
    # Each lead's first next action (done by its first attempt) and the cadence's next try.
    assert FollowUp.objects.filter(lead=older).count() == 4
    assert followups.open_follow_up(older).attempt == 1
    assert not FollowUp.objects.filter(lead=newer).exists()


def test_the_newer_lead_may_be_the_one_kept(client, supervisor, pair):
    older, newer = pair
    log_in(client, supervisor)
    response = client.post(merge_url(newer), {"other": older.pk, "keep": newer.pk})
    assert response["Location"] == f"/staff/leads/{newer.pk}/"
    older.refresh_from_db()
    assert older.merged_into_id == newer.pk and older.status == Status.CLOSED
    assert newer.events.filter(body="Voicemail full.").exists()


@pytest.mark.parametrize("role", ["counsellor", "other_counsellor", "clinician"])
def test_roles_that_may_not_merge_are_refused_and_nothing_moves(client, request, pair, role):
    older, newer = pair
    log_in(client, request.getfixturevalue(role))
    response = client.post(merge_url(older), {"other": newer.pk, "keep": older.pk})
    assert response.status_code in (403, 404)
    assert newer.events.filter(body="Prefers evenings.").exists()
    assert Lead.objects.get(pk=newer.pk).merged_into is None
    assert not AuditEntry.objects.filter(action=merge.MERGE).exists()


def test_the_service_refuses_roles_without_the_permission(counsellor, pair):
    older, newer = pair
    with pytest.raises(merge.PermissionDenied):
        merge.leads_merge(keep_id=older.pk, other_id=newer.pk, user=counsellor)


def test_leads_not_marked_as_duplicates_or_already_merged_are_refused(client, supervisor, pair):
    older, newer = pair
    stranger = create(phone="(786) 555-0199")
    with pytest.raises(merge.MergeRefused, match="possible duplicates"):
        merge.leads_merge(keep_id=older.pk, other_id=stranger.pk, user=supervisor)
    merge.leads_merge(keep_id=older.pk, other_id=newer.pk, user=supervisor)
    log_in(client, supervisor)
    response = client.post(merge_url(newer), {"other": older.pk, "keep": newer.pk}, follow=True)
    assert "One of these leads has already been merged." in response.content.decode()
    assert Lead.objects.get(pk=older.pk).merged_into is None


def test_two_booked_assessments_must_be_sorted_out_first(supervisor, counsellor, pair):
    older, newer = pair
    for lead, hours in ((older, 24), (newer, 48)):
        Booking.objects.create(
            slot=slot_for(counsellor, hours_ahead=hours), lead=lead, booked_by=supervisor
        )
    with pytest.raises(merge.MergeRefused, match="cancel one"):
        merge.leads_merge(keep_id=older.pk, other_id=newer.pk, user=supervisor)
    assert Booking.objects.filter(lead=older).count() == 1


def test_a_bad_choice_of_lead_to_keep_is_a_kind_message(client, supervisor, pair):
    older, newer = pair
    log_in(client, supervisor)
    response = client.post(merge_url(older), {"other": newer.pk, "keep": 999999}, follow=True)
    assert "Choose which of the two leads to keep." in response.content.decode()
    assert Lead.objects.filter(merged_into__isnull=False).count() == 0


def test_the_page_in_spanish(client, supervisor, pair):
    older, newer = pair
    supervisor_lang = {"HTTP_ACCEPT_LANGUAGE": "es"}
    log_in(client, supervisor)
    merge.leads_merge(keep_id=older.pk, other_id=newer.pk, user=supervisor)
    page = client.get(
        reverse("admissions:lead_detail", args=[newer.pk]), **supervisor_lang
    ).content.decode()
    assert f"Ir al caso {older.pk}" in page and "Fusionado" in page


def test_forgetting_the_person_erases_both_leads(supervisor, pair):
    from admissions.privacy import lead_erase

    older, newer = pair
    merge.leads_merge(keep_id=older.pk, other_id=newer.pk, user=supervisor)
    lead_erase(lead_id=newer.pk)
    for lead in Lead.objects.filter(pk__in=(older.pk, newer.pk)):
        assert (lead.first_name, lead.phone, lead.email) == ("", "", "")
    assert not LeadEvent.objects.exclude(body="").exists()
