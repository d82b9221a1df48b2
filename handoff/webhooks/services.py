"""Webhook deliveries: written with the event, signed per Standard Webhooks, retried until taken.

A delivery is a row written in the same transaction as the event, then sent by the
``deliver_webhook`` task once that commits. Each attempt signs the stored body anew (the
signature covers the time of sending, which receivers check), posts it, and logs the outcome.
A failed attempt is tried again after ``retry_delay``: ``DOORWAY_WEBHOOK_RETRY_SECONDS``,
doubling each time up to an hour, for about a day. ``sweep_due`` sends any delivery whose
message was lost (a broker outage, a worker that died), so a receiver that was down gets every
event once it is back; the row lock and status make a repeated message harmless.
"""

import json
import logging
import secrets
import time
from datetime import UTC, datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from standardwebhooks import Webhook

from admissions.audit import record_audit
from handoff.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 30
MAX_DELAY = timedelta(hours=1)
TIMEOUT_SECONDS = 10
# A pending delivery this far past its time has lost its message: the sweeper sends it again.
SWEEP_AFTER = timedelta(minutes=1)
SWEEP_BATCH = 500
WEBHOOK_REPLAYED = "webhook_replayed"


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt (1, 2, …)."""
    first = settings.DOORWAY_WEBHOOK_RETRY_SECONDS
    return min(timedelta(seconds=first * 2 ** (attempts - 1)), MAX_DELAY)


def payload_for(*, event_type: str, lead_id: int, occurred_at: datetime) -> str:
    """The body of a webhook: the event, the lead's id and when it happened. Never PHI."""
    moment = occurred_at.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return json.dumps(
        {"type": event_type, "timestamp": moment, "data": {"lead_id": lead_id}},
        separators=(",", ":"),
    )


def signed_headers(*, secret: str, message_id: str, body: str, now: datetime) -> dict[str, str]:
    """The Standard Webhooks headers for ``body`` sent at ``now`` (``standardwebhooks`` signs)."""
    signature = Webhook(secret).sign(msg_id=message_id, timestamp=now.astimezone(UTC), data=body)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signature,
        "content-type": "application/json",
        "user-agent": "Doorway-Webhooks/1",
    }


def _enqueue(delivery_id: int, *, countdown: float = 0) -> bool:
    from handoff.tasks import deliver_webhook

    try:
        deliver_webhook.apply_async((delivery_id,), countdown=countdown)
    except Exception:
        # The sweeper sends it once the broker is back.
        logger.warning(
            "Webhook delivery %s not enqueued; the sweeper will retry.", delivery_id, exc_info=True
        )
        return False
    return True


def deliveries_create(*, event_type: str, lead_id: int, occurred_at: datetime) -> int:
    """Write one delivery per active subscription to ``event_type``; each is sent on commit."""
    subscriptions = [
        subscription
        for subscription in WebhookSubscription.objects.filter(active=True).only("pk", "events")
        if event_type in subscription.events
    ]
    if not subscriptions:
        return 0
    body = payload_for(event_type=event_type, lead_id=lead_id, occurred_at=occurred_at)
    now = timezone.now()
    for subscription in subscriptions:
        delivery = WebhookDelivery.objects.create(
            subscription=subscription,
            event_type=event_type,
            lead_id=lead_id,
            message_id=f"msg_{secrets.token_hex(12)}",
            payload=body,
            next_attempt_at=now,
        )
        transaction.on_commit(partial(_enqueue, delivery.pk))
    return len(subscriptions)


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    """Send once; the receiver's status code, or None and the kind of error."""
    headers = signed_headers(
        secret=delivery.subscription.secret,
        message_id=delivery.message_id,
        body=delivery.payload,
        now=timezone.now(),
    )
    # httpx (with the rich console it brings) is imported when something is sent.
    import httpx

    try:
        response = httpx.post(
            delivery.subscription.url,
            content=delivery.payload.encode(),
            headers=headers,
            timeout=TIMEOUT_SECONDS,
            follow_redirects=False,
        )
    except httpx.HTTPError as error:
        return None, type(error).__name__
    return response.status_code, ""


def delivery_attempt(*, delivery_id: int) -> str | None:
    """Try a pending, due delivery once; its status afterwards, or None when nothing was due.

    The row stays locked while it is sent, so two copies of the message never send twice.
    A failure schedules the next attempt (after the commit); the last failure gives up.
    """
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("subscription")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
            .first()
        )
        if delivery is None or delivery.next_attempt_at > timezone.now():
            return None
        started = time.monotonic()
        status_code, error = _post(delivery)
        WebhookAttempt.objects.create(
            delivery=delivery,
            status_code=status_code,
            error=error,
            duration_ms=int((time.monotonic() - started) * 1000),
        )
        delivery.attempts += 1
        delivery.last_status_code = status_code
        now = timezone.now()
        if status_code is not None and 200 <= status_code < 300:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = now
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
            logger.warning(
                "Webhook delivery %s failed %s times; gave up.", delivery.pk, MAX_ATTEMPTS
            )
        else:
            wait = retry_delay(delivery.attempts)
            delivery.next_attempt_at = now + wait
            transaction.on_commit(partial(_enqueue, delivery.pk, countdown=wait.total_seconds()))
        delivery.save(
            update_fields=[
                "attempts",
                "last_status_code",
                "status",
                "delivered_at",
                "next_attempt_at",
            ]
        )
    return delivery.status


def sweep_due(*, now: datetime | None = None) -> int:
    """Re-enqueue pending deliveries whose message was lost; how many were sent."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lt=now - SWEEP_AFTER
    ).order_by("next_attempt_at")[:SWEEP_BATCH]
    sent = 0
    for delivery_id in due.values_list("pk", flat=True):
        if not _enqueue(delivery_id):
            break
        sent += 1
    return sent


@transaction.atomic
def delivery_replay(*, delivery_id: int, user, ip: str | None = None) -> WebhookDelivery:
    """Send a delivery again now (same message id), whatever became of it; audited."""
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = timezone.now()
    # A replay gets a fresh run of attempts.
    delivery.attempts = 0
    delivery.save(update_fields=["status", "next_attempt_at", "attempts"])
    record_audit(
        user=user,
        action=WEBHOOK_REPLAYED,
        ip=ip,
        detail={"delivery_id": delivery.pk, "lead_id": delivery.lead_id},
    )
    transaction.on_commit(partial(_enqueue, delivery.pk))
    return delivery
