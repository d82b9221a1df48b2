"""Celery tasks of the benefits app: thin, ids only, safe to run twice."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from benefits import services


@shared_task(
    bind=True,
    acks_late=True,
    max_retries=services.ATTEMPTS,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_jitter=True,
)
def run_benefits_check(self, check_id: int) -> None:
    """Send one benefits check; after a timeout or a clearinghouse error, try again later."""
    try:
        services.benefits_check_send(check_id=check_id)
    except services.TryAgainLater as later:
        raise self.retry(countdown=later.delay) from None


@shared_task(acks_late=True)
def resend_queued_checks() -> int:
    """Every minute: send again the checks whose task message was lost."""
    return services.resend_queued_checks()
