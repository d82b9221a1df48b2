"""A receiver that is down gets every event once it is back: a real worker, real HTTP."""

import pytest

from admissions.services import lead_create
from handoff.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookSubscription
from tests.conftest import closed_port
from tests.factories import make_answers
from tests.reliability.conftest import wait_for

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]

CONTACT = {
    "first_name": "Rosalind",
    "last_name": "Quintero-Vasquez",
    "phone": "305-555-0142",
    "email": "rosalind.qv@example.org",
}


def test_a_receiver_down_gets_each_event_once_when_it_is_back(webhook_worker, receiver_factory):
    subscription = WebhookSubscription.objects.create(
        name="EHR", url="http://127.0.0.1:1/", events=["lead.created", "lead.status_changed"]
    )
    receiver = receiver_factory(subscription.secret, closed_port())
    subscription.url = receiver.url
    subscription.save()

    lead = lead_create(
        answers=make_answers(),
        contact=CONTACT,
        source="web",
        consent_version="1",
        consent_to_texts=False,
    )
    delivery = WebhookDelivery.objects.get(lead_id=lead.pk, event_type="lead.created")
    # The receiver is down: the worker keeps trying, waiting longer each time.
    wait_for(
        lambda: WebhookAttempt.objects.filter(delivery=delivery).count() >= 2,
        timeout=30,
        what="two failed attempts",
    )
    assert WebhookAttempt.objects.filter(delivery=delivery, status_code=None).count() >= 2
    receiver.start()
    wait_for(
        lambda: WebhookDelivery.objects.get(pk=delivery.pk).status == DeliveryStatus.DELIVERED,
        timeout=60,
        what="the delivery once the receiver is back",
    )
    wait_for(webhook_worker.idle, timeout=30, what="the worker to settle")
    assert receiver.bad_signatures == 0
    created = [r for r in receiver.received if r["payload"]["type"] == "lead.created"]
    assert len(created) == 1
    assert created[0]["id"] == delivery.message_id
    assert created[0]["payload"]["data"] == {"lead_id": lead.pk}
    assert set(created[0]["payload"]) == {"type", "timestamp", "data"}

    # Nothing personal in any body the receiver got, nor in the worker's log.
    log = webhook_worker.log.read_text()
    for value in CONTACT.values():
        assert value not in log
        assert all(value.encode() not in message["raw"] for message in receiver.received)
    assert "handoff.tasks.deliver_webhook" in log
