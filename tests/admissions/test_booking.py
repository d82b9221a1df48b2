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


def test_a_reminder_goes_out_the_day_before_once(mine, counsellor, clinician):
    slot = slot_for(clinician, hours_ahead=30)
    made = booking.book(lead_id=mine.pk, slot_id=slot.pk, user=counsellor)
    assert booking.send_due_reminders() == []
    with time_machine.travel(timezone.now() + timedelta(hours=7)):
        assert booking.send_due_reminders() == [made.pk]
        assert booking.send_due_reminders() == []
    (reminder,) = mail.outbox
    assert reminder.subject == "Reminder: your appointment tomorrow"


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
