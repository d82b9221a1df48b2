"""Booking the assessment: slots, booking by staff, the lead moving to "assessment scheduled",
the confirmation with an .ics that parses back, reminders the day before, no-shows,
reschedules, and two people taking the last slot at once (a real PostgreSQL race)."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from icalendar import Calendar

from admissions import booking
from admissions.models import AssessmentSlot, AuditEntry, Booking, Lead, LeadEvent, Status
from tests.auth import log_in
from tests.factories import LeadFactory

SLOTS = reverse("admissions:slots")


def slot_for(staff, *, hours_ahead: float = 48, mode: str = "phone") -> AssessmentSlot:
    start = timezone.now() + timedelta(hours=hours_ahead)
    return AssessmentSlot.objects.create(
        staff=staff,
        mode=mode,
        location="Room 2, 10 Main St",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )


@pytest.fixture
def mine(counsellor):
    return LeadFactory(assigned_to=counsellor, email="person@example.net", status=Status.CONTACTED)


@pytest.fixture
def signed_in(client, counsellor):
    log_in(client, counsellor)
    return client


def test_staff_add_a_slot_and_it_is_listed_as_free(signed_in, clinician):
    start = (timezone.localtime() + timedelta(days=1)).replace(second=0, microsecond=0)
    response = signed_in.post(
        SLOTS,
        {
            "staff": clinician.pk,
            "mode": "video",
            "location": "Video link sent by text",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "minutes": 45,
        },
        follow=True,
    )
    content = response.content.decode()
    assert "Slot added." in content and "Free" in content and "By video" in content
    slot = AssessmentSlot.objects.get()
    assert (slot.staff, slot.starts_at, slot.ends_at - slot.starts_at) == (
        clinician,
        start,
        timedelta(minutes=45),
    )


def test_a_slot_in_the_past_is_refused_kindly(signed_in, clinician):
    start = timezone.localtime() - timedelta(hours=2)
    response = signed_in.post(
        SLOTS,
        {
            "staff": clinician.pk,
            "mode": "phone",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "minutes": 60,
        },
    )
    assert "Choose a time from now on." in response.content.decode()
    assert not AssessmentSlot.objects.exists()


def test_booking_on_the_lead_page_schedules_the_lead_by_itself(
    signed_in, mine, clinician, django_capture_on_commit_callbacks
):
    slot = slot_for(clinician)
    with django_capture_on_commit_callbacks() as callbacks:
        response = signed_in.post(
            reverse("admissions:lead_book", args=[mine.pk]), {"slot": slot.pk}, follow=True
        )
    assert len(callbacks) == 1  # the confirmation, enqueued after the commit
    content = response.content.decode()
    assert "Assessment booked." in content and "Booked for" in content
    mine.refresh_from_db()
    assert mine.status == Status.ASSESSMENT_SCHEDULED
    kinds = list(LeadEvent.objects.filter(lead=mine).values_list("kind", flat=True))
    assert "appointment_booked" in kinds and "status_changed" in kinds
    assert AuditEntry.objects.filter(lead=mine, action="assessment_book").exists()


def test_the_confirmation_carries_an_ics_that_parses_back_and_says_nothing_of_treatment(
    mine, counsellor, clinician
):
    slot = slot_for(clinician)
    made = booking.book(lead_id=mine.pk, slot_id=slot.pk, user=counsellor)
    booking.send_confirmation(booking_id=made.pk)
    booking.send_confirmation(booking_id=made.pk)  # a redelivered task sends nothing more
    to_person, to_staff = mail.outbox
    assert to_person.to == ["person@example.net"] and to_staff.to == [clinician.email]
    for word in ("treatment", "assessment", "addiction", "level of care", "substance"):
        assert word not in (to_person.subject + to_person.body).lower()
    name, content, mimetype = to_person.attachments[0]
    assert (name, mimetype) == ("appointment.ics", "text/calendar")
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    # Calendars keep whole seconds.
    assert event.decoded("dtstart") == slot.starts_at.replace(microsecond=0)
    assert event.decoded("dtend") == slot.ends_at.replace(microsecond=0)
    assert str(event.get("summary")) == "Appointment"
    assert str(event.get("location")) == "Room 2, 10 Main St"
    (staff_event,) = Calendar.from_ical(to_staff.attachments[0][1]).walk("VEVENT")
    assert f"/staff/leads/{mine.pk}/" in str(staff_event.get("description"))
    assert mine.first_name not in to_staff.body


def test_the_confirmation_speaks_the_persons_language(counsellor, clinician):
    lead = LeadFactory(assigned_to=counsellor, email="p@example.net", language="es")
    made = booking.book(lead_id=lead.pk, slot_id=slot_for(clinician).pk, user=counsellor)
    booking.send_confirmation(booking_id=made.pk)
    assert mail.outbox[0].subject == "Tu cita está reservada"


def test_a_reminder_goes_out_the_day_before_once_to_the_person_and_the_staff_member(
    mine, counsellor, clinician
):
    slot = slot_for(clinician, hours_ahead=30)
    made = booking.book(lead_id=mine.pk, slot_id=slot.pk, user=counsellor)
    assert booking.send_due_reminders() == []
    with time_machine.travel(timezone.now() + timedelta(hours=7)):
        assert booking.send_due_reminders() == [made.pk]
        assert booking.send_due_reminders() == []
    to_person, to_staff = mail.outbox
    assert (to_person.to, to_person.subject) == (
        ["person@example.net"],
        "Reminder: your appointment tomorrow",
    )
    assert (to_staff.to, to_staff.subject) == (
        [clinician.email],
        "Reminder: you hold an assessment tomorrow",
    )


def test_the_staff_reminder_says_when_how_and_where_and_nothing_about_the_person(
    counsellor, clinician
):
    lead = LeadFactory(
        assigned_to=counsellor,
        first_name="Zebulon",
        last_name="Quartermaine",
        phone="(305) 555-0177",
        email="zebulon.q@example.net",
    )
    slot = slot_for(clinician, hours_ahead=30, mode="video")
    booking.book(lead_id=lead.pk, slot_id=slot.pk, user=counsellor)
    with time_machine.travel(timezone.now() + timedelta(hours=7)):
        booking.send_due_reminders()
    (to_staff,) = [message for message in mail.outbox if message.to == [clinician.email]]
    text = to_staff.subject + to_staff.body
    when = date_format(timezone.localtime(slot.starts_at), "DATETIME_FORMAT")
    assert f"You hold an assessment on {when} (by video)." in text
    assert "Where: Room 2, 10 Main St" in text
    assert f"/staff/leads/{lead.pk}/" in text
    for personal in ("Zebulon", "Quartermaine", "555-0177", "3055550177", "zebulon.q"):
        assert personal not in text


def test_a_cancelled_booking_reminds_nobody(mine, counsellor, clinician):
    booking.book(lead_id=mine.pk, slot_id=slot_for(clinician, hours_ahead=30).pk, user=counsellor)
    booking.booking_mark(lead_id=mine.pk, user=counsellor, status=Booking.Status.CANCELLED)
    with time_machine.travel(timezone.now() + timedelta(hours=7)):
        assert booking.send_due_reminders() == []
    assert mail.outbox == []


def test_a_reschedule_after_the_reminders_reminds_both_again_of_the_new_time(
    mine, counsellor, clinician, supervisor
):
    first = booking.book(
        lead_id=mine.pk, slot_id=slot_for(clinician, hours_ahead=30).pk, user=counsellor
    )
    with time_machine.travel(timezone.now() + timedelta(hours=7)):
        assert booking.send_due_reminders() == [first.pk]
        # The person asks for another time, with someone else.
        second = booking.book(
            lead_id=mine.pk, slot_id=slot_for(supervisor, hours_ahead=20).pk, user=counsellor
        )
        assert booking.send_due_reminders() == [second.pk]
        assert booking.send_due_reminders() == []
    assert [message.to for message in mail.outbox] == [
        ["person@example.net"],
        [clinician.email],
        ["person@example.net"],
        [supervisor.email],
    ]


def test_booking_again_reschedules_and_keeps_the_first(mine, counsellor, clinician):
    first = booking.book(lead_id=mine.pk, slot_id=slot_for(clinician).pk, user=counsellor)
    second = booking.book(
        lead_id=mine.pk, slot_id=slot_for(clinician, hours_ahead=72).pk, user=counsellor
    )
    first.refresh_from_db()
    assert first.status == Booking.Status.RESCHEDULED
    assert booking.current_booking(mine) == second
    # The first slot is free again.
    assert first.slot in booking.free_slots()


def test_a_no_show_is_recorded_only_once_the_time_has_come(signed_in, mine, counsellor, clinician):
    made = booking.book(
        lead_id=mine.pk, slot_id=slot_for(clinician, hours_ahead=2).pk, user=counsellor
    )
    url = reverse("admissions:lead_no_show", args=[mine.pk])
    assert "has not started yet" in signed_in.post(url, follow=True).content.decode()
    # The time comes (moved, rather than the clock: the staff session would time out).
    AssessmentSlot.objects.filter(pk=made.slot_id).update(
        starts_at=timezone.now() - timedelta(minutes=20),
        ends_at=timezone.now() + timedelta(minutes=40),
    )
    assert "No-show recorded." in signed_in.post(url, follow=True).content.decode()
    made.refresh_from_db()
    assert made.status == Booking.Status.NO_SHOW


def test_a_slot_already_taken_is_refused_kindly(counsellor, clinician):
    slot = slot_for(clinician)
    booking.book(lead_id=LeadFactory(assigned_to=counsellor).pk, slot_id=slot.pk, user=counsellor)
    with pytest.raises(booking.BookingRefused, match="just been taken"):
        booking.book(lead_id=LeadFactory().pk, slot_id=slot.pk)


@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_last_slot_at_once_get_one_booking_and_one_kind_message(clinician):
    slot = slot_for(clinician)
    people = [LeadFactory(), LeadFactory()]
    start = threading.Barrier(2)
    results: dict[int, str] = {}

    def self_book(lead: Lead) -> None:
        try:
            start.wait()
            booking.book(lead_id=lead.pk, slot_id=slot.pk)  # the person, on their result page
            results[lead.pk] = "booked"
        except booking.BookingRefused as refused:
            results[lead.pk] = refused.message
        finally:
            connection.close()

    threads = [threading.Thread(target=self_book, args=(lead,)) for lead in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results.values()) == [
        "That time has just been taken. Please choose another one.",
        "booked",
    ]
    assert Booking.objects.filter(slot=slot, status="booked").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_reminder_runs_at_once_remind_each_person_and_staff_member_once(counsellor, clinician):
    bookings = [
        booking.book(
            lead_id=LeadFactory(email=f"person{n}@example.net").pk,
            slot_id=slot_for(clinician, hours_ahead=2 + n).pk,
        )
        for n in range(5)
    ]
    start = threading.Barrier(2)
    runs: list[list[int]] = []

    def beat_run() -> None:
        try:
            start.wait()
            runs.append(booking.send_due_reminders())
        finally:
            connection.close()

    threads = [threading.Thread(target=beat_run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(runs) == 2
    # Between them the two runs reminded every booking (one may have sent a booking's person
    # reminder and the other its staff one), and nobody twice.
    assert set(runs[0]) | set(runs[1]) == {made.pk for made in bookings}
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted(
        [clinician.email] * 5 + [f"person{n}@example.net" for n in range(5)]
    )
