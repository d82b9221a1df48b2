"""Waiting lists: staff add a lead to a full program's list from the lead page (the admission
refusal offers it), the lead page shows its place in line, the program's page lists everyone in
order without names, a discharge tells the supervisors and whoever added the first in line,
admitting ends the entry, merging moves entries, forgetting removes them."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from admissions import merge, pipeline, waiting_list
from admissions.models import AuditEntry, Lead, LeadEvent, Status, WaitingListEntry
from admissions.privacy import lead_erase
from tests.auth import log_in
from tests.factories import LeadFactory, ProgramFactory

pytestmark = pytest.mark.django_db
Entry = WaitingListEntry.Status


@pytest.fixture
def full(db):
    return ProgramFactory(name="Evening IOP", capacity=2, open_places=0)


def add(lead, program, user, note=""):
    return waiting_list.waiting_list_add(
        lead_id=lead.pk, program_id=program.pk, user=user, note=note
    )


def lead_page(client, lead) -> str:
    return client.get(reverse("admissions:lead_detail", args=[lead.pk])).content.decode()


def test_the_admission_refusal_offers_the_full_programs_waiting_list(client, counsellor, full):
    lead = LeadFactory(assigned_to=counsellor, status=Status.CONTACTED)
    log_in(client, counsellor)
    response = client.post(
        reverse("admissions:lead_status", args=[lead.pk]),
        {"status": "admitted", "reason": "Starts Monday", "program": full.pk},
    )
    assert response["Location"].endswith(f"?wait={full.pk}#waiting-list")
    page = client.get(response["Location"]).content.decode()
    assert "Evening IOP has no open place (full — waiting list)." in page
    assert "Add to its waiting list" in page
    assert f'<option value="{full.pk}" selected>Evening IOP</option>' in page

    response = client.post(
        reverse("admissions:lead_wait", args=[lead.pk]),
        {"program": full.pk, "note": "Prefers evenings"},
        follow=True,
    )
    page = response.content.decode()
    assert "Added to the waiting list for Evening IOP." in page
    assert "On the waiting list for Evening IOP (1st)" in page
    entry = WaitingListEntry.objects.get(lead=lead)
    assert (entry.program, entry.added_by, entry.note) == (full, counsellor, "Prefers evenings")
    assert AuditEntry.objects.filter(lead=lead, action="waiting_list_add").exists()
    assert LeadEvent.objects.filter(lead=lead, kind="waiting_added").exists()


def test_places_in_line_are_oldest_first_and_move_up_when_someone_leaves(client, supervisor, full):
    first, second, third = (LeadFactory(status=Status.CONTACTED) for _ in range(3))
    for lead in (first, second, third):
        add(lead, full, supervisor)
    log_in(client, supervisor)
    assert "On the waiting list for Evening IOP (3rd)" in lead_page(client, third)
    entry = WaitingListEntry.objects.get(lead=second)
    response = client.post(
        reverse("admissions:lead_unwait", args=[second.pk]),
        {"entry": entry.pk, "reason": "Found a place nearer home"},
        follow=True,
    )
    assert "Taken off the waiting list for Evening IOP." in response.content.decode()
    entry.refresh_from_db()
    assert (entry.status, entry.end_reason, entry.ended_by) == (
        Entry.REMOVED,
        "Found a place nearer home",
        supervisor,
    )
    assert "On the waiting list for Evening IOP (2nd)" in lead_page(client, third)
    listed = [e.lead_id for e in waiting_list.program_waiting_list(program_id=full.pk)]
    assert listed == [first.pk, third.pk]


def test_removing_needs_a_reason(client, supervisor, full):
    lead = LeadFactory(status=Status.CONTACTED)
    entry = add(lead, full, supervisor)
    log_in(client, supervisor)
    response = client.post(
        reverse("admissions:lead_unwait", args=[lead.pk]), {"entry": entry.pk, "reason": " "}
    )
    assert response.status_code == 400
    entry.refresh_from_db()
    assert entry.status == Entry.WAITING


@pytest.mark.parametrize(
    ("places", "message"),
    [(3, "Evening IOP is not full: admit the lead instead."), (None, "is not full")],
)
def test_only_a_full_program_keeps_a_waiting_list(supervisor, places, message):
    program = ProgramFactory(name="Evening IOP", open_places=places)
    with pytest.raises(waiting_list.WaitingListRefused, match=message):
        add(LeadFactory(), program, supervisor)


def test_a_lead_waits_for_a_program_once_at_a_time(supervisor, full):
    lead = LeadFactory()
    entry = add(lead, full, supervisor)
    with pytest.raises(waiting_list.WaitingListRefused, match="already on the waiting list"):
        add(lead, full, supervisor)
    with pytest.raises(IntegrityError), transaction.atomic():
        WaitingListEntry.objects.create(lead=lead, program=full, added_by=supervisor)
    waiting_list.waiting_list_remove(
        lead_id=lead.pk, entry_id=entry.pk, user=supervisor, reason="Changed their mind"
    )
    add(lead, full, supervisor)  # once removed, they may wait again
    assert WaitingListEntry.objects.filter(lead=lead).count() == 2


def test_a_counsellor_cannot_add_someone_elses_lead(counsellor, other_counsellor, full):
    from django.core.exceptions import PermissionDenied

    lead = LeadFactory(assigned_to=other_counsellor)
    with pytest.raises(PermissionDenied):
        add(lead, full, counsellor)


def test_admitting_a_waiting_lead_ends_its_entry_and_the_others(supervisor, full):
    other_full = ProgramFactory(name="Weekend IOP", open_places=0)
    lead = LeadFactory(status=Status.CONTACTED)
    add(lead, full, supervisor)
    add(lead, other_full, supervisor)
    full.open_places = 1
    full.save()
    pipeline.change_status(
        lead_id=lead.pk, user=supervisor, status="admitted", reason="In", program_id=full.pk
    )
    ended = dict(WaitingListEntry.objects.filter(lead=lead).values_list("program", "status"))
    assert ended == {full.pk: Entry.ADMITTED, other_full.pk: Entry.LEAD_CLOSED}


def test_closing_a_lead_takes_it_off_its_lists(supervisor, full):
    lead = LeadFactory(status=Status.CONTACTED)
    add(lead, full, supervisor)
    pipeline.change_status(lead_id=lead.pk, user=supervisor, status="closed", reason="Moved")
    assert WaitingListEntry.objects.get(lead=lead).status == Entry.LEAD_CLOSED
    assert waiting_list.program_waiting_list(program_id=full.pk) == []


def discharge(lead, user):
    pipeline.change_status(lead_id=lead.pk, user=user, status="closed", reason="Discharged")


def test_a_discharge_tells_the_supervisors_and_whoever_added_the_first_in_line(
    counsellor, supervisor, full, django_capture_on_commit_callbacks
):
    full.open_places = 1
    full.save()
    patient = LeadFactory(assigned_to=counsellor, status=Status.CONTACTED)
    pipeline.change_status(
        lead_id=patient.pk, user=counsellor, status="admitted", reason="In", program_id=full.pk
    )
    first = LeadFactory(assigned_to=counsellor, first_name="Zebulon", phone="+15550001234")
    add(first, full, counsellor, note="Needs evenings")
    add(LeadFactory(), full, supervisor)
    with django_capture_on_commit_callbacks() as callbacks:
        discharge(patient, counsellor)
    assert len(callbacks) == 1  # the task, enqueued after the commit
    event = LeadEvent.objects.filter(lead=patient, kind="status_changed").latest("pk")
    reached = waiting_list.notify_place_opened(program_id=full.pk, event_id=event.pk)
    assert sorted(reached) == sorted([supervisor.pk, counsellor.pk])
    assert {message.to[0] for message in mail.outbox} == {supervisor.email, counsellor.email}
    notice = mail.outbox[0]
    assert notice.subject == "A place opened in Evening IOP"
    assert f"the first person on its waiting list is lead {first.pk}." in notice.body
    assert f"/staff/programs/{full.pk}/waiting-list/" in notice.body
    assert "Zebulon" not in notice.body and "0001234" not in notice.body
    assert "evenings" not in notice.body


def test_a_discharge_with_nobody_waiting_tells_nobody(
    counsellor, full, django_capture_on_commit_callbacks
):
    full.open_places = 1
    full.save()
    patient = LeadFactory(assigned_to=counsellor, status=Status.CONTACTED)
    pipeline.change_status(
        lead_id=patient.pk, user=counsellor, status="admitted", reason="In", program_id=full.pk
    )
    with django_capture_on_commit_callbacks() as callbacks:
        discharge(patient, counsellor)
    assert callbacks == []


def test_the_programs_waiting_list_page_shows_the_line_without_names_in_bounded_queries(
    client, counsellor, supervisor, full, django_assert_max_num_queries
):
    leads = [LeadFactory(first_name=f"Zebulon{n}", status=Status.CONTACTED) for n in range(3)]
    for lead in leads:
        add(lead, full, supervisor, note="Private reason")
    log_in(client, counsellor)
    url = reverse("admissions:program_waiting_list", args=[full.pk])
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for _ in range(27):
        add(LeadFactory(status=Status.CONTACTED), full, supervisor)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.index(f"Lead {leads[0].pk}<") < page.index(f"Lead {leads[2].pk}<")
    assert "30th" in page
    assert "Zebulon" not in page and "Private reason" not in page
    audit = AuditEntry.objects.filter(action="view_waiting_list").latest("pk")
    assert audit.user == counsellor and audit.detail["program_id"] == full.pk
    assert audit.detail["lead_ids"][:3] == [lead.pk for lead in leads]
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Lista de espera: Evening IOP" in spanish


def test_the_waiting_lists_page_counts_who_waits_for_each_program(client, supervisor, full):
    add(LeadFactory(), full, supervisor)
    log_in(client, supervisor)
    page = client.get(reverse("admissions:waiting_lists")).content.decode()
    assert "Evening IOP" in page and "<td>1</td>" in page


def test_merging_moves_entries_and_keeps_the_earlier_place_in_line(supervisor, full):
    other_full = ProgramFactory(name="Weekend IOP", open_places=0)
    keep = LeadFactory(phone="+13055550142")
    other = LeadFactory(phone="+13055550142")
    keep.possible_duplicates.add(other)
    add(other, full, supervisor)  # the other waited first for this one
    add(keep, full, supervisor)
    add(other, other_full, supervisor)
    merge.leads_merge(keep_id=keep.pk, other_id=other.pk, user=supervisor)
    waiting = waiting_list.lead_waiting_lists(lead=keep)
    assert [(e.program.name, e.position) for e in waiting] == [
        ("Evening IOP", 1),
        ("Weekend IOP", 1),
    ]
    assert not WaitingListEntry.objects.filter(lead=other).exists()
    assert WaitingListEntry.objects.filter(lead=keep, status=Entry.REMOVED).count() == 1


def test_forgetting_a_lead_removes_it_from_every_list(supervisor, full):
    lead = LeadFactory()
    add(lead, full, supervisor, note="Private reason")
    lead_erase(lead_id=lead.pk, actor=supervisor)
    assert not WaitingListEntry.objects.filter(lead=lead).exists()
    assert Lead.objects.filter(pk=lead.pk).exists()


def test_a_full_program_in_the_lead_pages_matching_links_to_its_waiting_list(client, counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    program = ProgramFactory(name="Full one", level=lead.level, audience="both", open_places=0)
    log_in(client, counsellor)
    page = lead_page(client, lead)
    matching = page[page.index('id="programs-title"') :]
    assert reverse("admissions:program_waiting_list", args=[program.pk]) in matching
