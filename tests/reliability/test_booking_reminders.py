"""The day before an assessment the real worker reminds the person and the staff member who
holds it, each once however many reminder runs beat sends, and the staff one names nobody."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from admissions.models import AssessmentSlot, Booking
from admissions.tasks import send_booking_reminders
from tests.factories import LeadFactory
from tests.reliability.conftest import wait_for

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]


def test_the_beat_asks_for_reminders_every_quarter_hour():
    (entry,) = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "admissions.tasks.send_booking_reminders"
    ]
    assert entry["schedule"] == 900.0


def test_the_worker_reminds_the_person_and_the_staff_member_once(worker, counsellor, clinician):
    lead = LeadFactory(
        assigned_to=counsellor, first_name="Zebulon", phone="+15550001234", email="z@example.net"
    )
    start = timezone.now() + timedelta(hours=5)
    slot = AssessmentSlot.objects.create(
        staff=clinician,
        mode="phone",
        location="Room 2",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    # Confirmed already, so that only the reminders go out here.
    made = Booking.objects.create(slot=slot, lead=lead, confirmed_at=timezone.now())
    # What beat sends every quarter hour, twice at once (the worker runs two at a time).
    send_booking_reminders.delay()
    send_booking_reminders.delay()
    wait_for(lambda: len(worker.emails()) >= 2, what="the two reminders")
    wait_for(worker.idle, what="both runs to finish")
    sent = sorted((email["to"], email["subject"]) for email in worker.emails())
    assert sent == [
        (clinician.email, "Reminder: you hold an assessment tomorrow"),
        ("z@example.net", "Reminder: your appointment tomorrow"),
    ]
    text = worker.mail_text()
    assert f"/staff/leads/{lead.pk}/" in text
    assert "Zebulon" not in text and "0001234" not in text
    made.refresh_from_db()
    assert made.reminded_at is not None and made.staff_reminded_at is not None
