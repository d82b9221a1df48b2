"""The counsellor's notice is sent after a commit, under a claim and an idempotency key."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from admissions.models import Lead
from admissions.services import NOTICE_LEASE, lead_assign, lead_notify_once
from admissions.tasks import RETRY_DELAYS, retry_delay, route_lead
from tests.conftest import closed_port
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def routed_lead() -> Lead:
    lead = LeadFactory()
    lead_assign(lead_id=lead.pk)
    return lead


def test_the_notice_carries_a_message_id_that_is_the_same_every_time(counsellor):
    lead = routed_lead()
    lead_notify_once(lead_id=lead.pk)
    (email,) = mail.outbox
    message_id = email.message()["Message-ID"]
    assert message_id.startswith(f"<lead-{lead.pk}-") and message_id.endswith("@localhost>")
    assert str(counsellor.pk) in message_id

    # Sent again (say, after a crash before it was recorded): the very same message.
    Lead.objects.filter(pk=lead.pk).update(notice_claimed_at=None)
    lead.events.filter(kind="notified").delete()
    lead_notify_once(lead_id=lead.pk)
    assert [sent.message()["Message-ID"] for sent in mail.outbox] == [message_id, message_id]


def test_another_delivery_leaves_a_notice_being_sent_alone_until_the_lease_is_over(counsellor):
    lead = routed_lead()
    Lead.objects.filter(pk=lead.pk).update(notice_claimed_at=timezone.now())
    assert lead_notify_once(lead_id=lead.pk) is False
    assert mail.outbox == []

    Lead.objects.filter(pk=lead.pk).update(
        notice_claimed_at=timezone.now() - NOTICE_LEASE - timedelta(seconds=1)
    )
    assert lead_notify_once(lead_id=lead.pk) is True
    assert len(mail.outbox) == 1
    assert lead.events.filter(kind="notified").count() == 1


def test_a_mail_server_that_refuses_gives_the_claim_back_for_the_retry(counsellor):
    lead = routed_lead()
    mail_server_down = override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=closed_port(),
    )
    with mail_server_down, pytest.raises(OSError):
        lead_notify_once(lead_id=lead.pk)
    lead.refresh_from_db()
    assert lead.notice_claimed_at is None
    assert not lead.events.filter(kind="notified").exists()
    # The retry, with the mail server back, sends at once.
    assert lead_notify_once(lead_id=lead.pk) is True
    assert len(mail.outbox) == 1


def test_route_lead_retries_for_minutes_before_it_gives_up():
    assert route_lead.acks_late is True
    assert route_lead.max_retries == len(RETRY_DELAYS)
    assert sum(RETRY_DELAYS) >= 6 * 60, "a database restart or failover is waited out"
    for retries, delay in enumerate(RETRY_DELAYS):
        assert delay <= retry_delay(retries) <= delay * 1.25
