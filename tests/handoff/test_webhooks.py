"""Webhooks: which events make deliveries, what they carry, how they are signed and retried."""

import base64
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from standardwebhooks import Webhook

from admissions.pipeline import change_status
from admissions.services import lead_create
from handoff.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookSubscription
from handoff.webhooks import services
from handoff.webhooks.events import EVENT_TYPES
from tests.conftest import closed_port
from tests.factories import LeadFactory, make_answers

CONTACT = {"first_name": "Imelda", "last_name": "Okafor", "phone": "212-555-0199"}


def subscribe(events=("lead.created",), url="http://127.0.0.1:9/", active=True):
    return WebhookSubscription.objects.create(
        name="EHR", url=url, events=list(events), active=active
    )


def new_lead():
    return lead_create(
        answers=make_answers(),
        contact=CONTACT,
        source="web",
        consent_version="1",
        consent_to_texts=False,
    )


def test_a_new_lead_makes_one_delivery_per_subscription_to_its_event(db):
    subscribe()
    subscribe(events=("lead.status_changed",))
    subscribe(active=False)
    lead = new_lead()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.event_type, delivery.lead_id) == ("lead.created", lead.pk)
    assert json.loads(delivery.payload) == {
        "type": "lead.created",
        "timestamp": json.loads(delivery.payload)["timestamp"],
        "data": {"lead_id": lead.pk},
    }
    for value in CONTACT.values():
        assert value not in delivery.payload


def test_a_status_change_by_staff_is_an_event(supervisor):
    subscribe(events=("lead.status_changed",))
    lead = LeadFactory()
    change_status(lead_id=lead.pk, user=supervisor, status="contacted")
    assert WebhookDelivery.objects.get().event_type == "lead.status_changed"


def test_appointment_booked_is_offered_before_bookings_exist():
    assert "appointment.booked" in EVENT_TYPES


def test_task_messages_carry_only_the_delivery_id(
    db, spare_broker, django_capture_on_commit_callbacks
):
    subscribe()
    with django_capture_on_commit_callbacks(execute=True):
        new_lead()
    delivery = WebhookDelivery.objects.get()
    bodies = [json.loads(message) for message in spare_broker.lrange("celery", 0, -1)]
    webhook_tasks = [b for b in bodies if b["headers"]["task"] == "handoff.tasks.deliver_webhook"]
    assert len(webhook_tasks) == 1
    args, kwargs, _embed = json.loads(base64.b64decode(webhook_tasks[0]["body"]))
    assert (args, kwargs) == ([delivery.pk], {})


def test_each_attempt_is_signed_per_standard_webhooks(db, receiver_factory):
    subscription = subscribe()
    receiver = receiver_factory(subscription.secret, closed_port()).start()
    subscription.url = receiver.url
    subscription.save()
    new_lead()
    delivery = WebhookDelivery.objects.get()
    assert services.delivery_attempt(delivery_id=delivery.pk) == DeliveryStatus.DELIVERED
    assert receiver.bad_signatures == 0 and len(receiver.received) == 1
    # The same message signed with another secret is refused by the receiver.
    other = Webhook(base64.b64encode(b"x" * 32).decode())
    headers = services.signed_headers(
        secret=subscription.secret, message_id="msg_1", body=delivery.payload, now=timezone.now()
    )
    with pytest.raises(Exception, match="signature"):
        other.verify(delivery.payload, headers)


def test_a_failure_is_logged_and_tried_again_later(db, receiver_factory, settings):
    settings.DOORWAY_WEBHOOK_RETRY_SECONDS = 30
    subscription = subscribe()
    receiver = receiver_factory(subscription.secret, closed_port()).start()
    receiver.status = 503
    subscription.url = receiver.url
    subscription.save()
    new_lead()
    delivery = WebhookDelivery.objects.get()
    before = timezone.now()
    assert services.delivery_attempt(delivery_id=delivery.pk) == DeliveryStatus.PENDING
    delivery.refresh_from_db()
    assert delivery.last_status_code == 503
    assert delivery.next_attempt_at >= before + timedelta(seconds=30)
    # Not due yet: a second copy of the message does nothing.
    assert services.delivery_attempt(delivery_id=delivery.pk) is None
    assert WebhookAttempt.objects.get().status_code == 503


def test_the_wait_doubles_up_to_an_hour_for_about_a_day(settings):
    settings.DOORWAY_WEBHOOK_RETRY_SECONDS = 30
    waits = [services.retry_delay(n) for n in range(1, services.MAX_ATTEMPTS)]
    assert waits[:3] == [timedelta(seconds=30), timedelta(seconds=60), timedelta(seconds=120)]
    assert max(waits) == timedelta(hours=1)
    assert timedelta(hours=20) < sum(waits, timedelta()) < timedelta(hours=30)


def test_the_last_failure_gives_up(db):
    subscribe(url=f"http://127.0.0.1:{closed_port()}/")
    new_lead()
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=services.MAX_ATTEMPTS - 1)
    assert services.delivery_attempt(delivery_id=delivery.pk) == DeliveryStatus.FAILED


def test_the_sweeper_resends_lost_messages(db, spare_broker):
    subscribe()
    new_lead()
    WebhookDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=5))
    assert services.sweep_due() == 1


def test_a_replay_sends_the_same_message_again(db, supervisor, receiver_factory):
    subscription = subscribe()
    receiver = receiver_factory(subscription.secret, closed_port()).start()
    subscription.url = receiver.url
    subscription.save()
    new_lead()
    delivery = WebhookDelivery.objects.get()
    services.delivery_attempt(delivery_id=delivery.pk)
    services.delivery_replay(delivery_id=delivery.pk, user=supervisor)
    assert services.delivery_attempt(delivery_id=delivery.pk) == DeliveryStatus.DELIVERED
    assert [r["id"] for r in receiver.received] == [delivery.message_id] * 2


def test_a_receiver_that_redirects_is_not_followed(db, receiver_factory):
    subscription = subscribe()
    receiver = receiver_factory(subscription.secret, closed_port()).start()
    receiver.status = 302
    subscription.url = receiver.url
    subscription.save()
    new_lead()
    delivery = WebhookDelivery.objects.get()
    assert services.delivery_attempt(delivery_id=delivery.pk) == DeliveryStatus.PENDING
