"""A follow-up falling due reaches its counsellor through the real worker, once, and the beat
schedule asks for it every minute."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from admissions.models import FollowUp
from admissions.tasks import notify_due_follow_ups
from tests.factories import LeadFactory
from tests.reliability.conftest import wait_for

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]


def test_the_beat_asks_for_due_follow_ups_every_minute():
    (entry,) = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "admissions.tasks.notify_due_follow_ups"
    ]
    assert entry["schedule"] == 60.0


def test_a_follow_up_falling_due_is_sent_by_the_worker_once_without_personal_data(
    worker, counsellor
):
    lead = LeadFactory(assigned_to=counsellor, first_name="Zebulon", phone="+15550001234")
    later = FollowUp.objects.create(
        lead=lead, kind="call", due_at=timezone.now() + timedelta(hours=1), assigned_to=counsellor
    )
    due = FollowUp.objects.create(
        lead=LeadFactory(assigned_to=counsellor),
        kind="call",
        due_at=timezone.now() - timedelta(seconds=5),
        assigned_to=counsellor,
    )
    # What beat sends each minute, twice: the second run finds nothing new.
    notify_due_follow_ups.delay()
    notify_due_follow_ups.delay()
    wait_for(lambda: worker.emails(), what="the follow-up notice")
    wait_for(worker.idle, what="both runs to finish")
    (email,) = worker.emails()
    assert email["subject"] == "A follow-up is due"
    assert email["to"] == counsellor.email
    text = worker.mail_text()
    assert f"/staff/leads/{due.lead_id}/" in text
    assert "Zebulon" not in text and "0001234" not in text
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.notified_at is not None and later.notified_at is None
