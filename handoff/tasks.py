"""Celery tasks: thin, ids only, safe to run twice (acks are late)."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from handoff.fhir import push
from handoff.webhooks import services

# The database briefly unreachable: try the same message again shortly.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    max_retries=5,
    retry_backoff=2,
    retry_backoff_max=60,
)
def deliver_webhook(delivery_id: int) -> str | None:
    """One attempt at a webhook delivery; a failure schedules the next one itself."""
    return services.delivery_attempt(delivery_id=delivery_id)


@shared_task(acks_late=True)
def sweep_webhook_deliveries() -> int:
    """Every minute: send again the deliveries whose message was lost."""
    return services.sweep_due()


@shared_task(
    bind=True,
    acks_late=True,
    max_retries=push.MAX_RETRIES,
)
def push_fhir_bundle(self, lead_id: int) -> str:
    """Send the lead's transaction Bundle to the FHIR server; retried with growing waits."""
    try:
        return push.bundle_push(lead_id=lead_id)
    except push.PushFailed as failure:
        raise self.retry(countdown=push.retry_delay(self.request.retries), exc=failure) from None
