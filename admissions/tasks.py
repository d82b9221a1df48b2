"""Celery tasks: thin wrappers that take ids only and call the services.

Every task is safe to run twice (acks are late, so a lost worker means a redelivery).
"""

import logging
import os

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

from admissions import services

logger = logging.getLogger(__name__)

# Errors worth retrying: the database or the mail server briefly unreachable (SMTP errors and
# refused connections are OSErrors).
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)


class RouteLeadTask(Task):
    """Gives up on a lead only after the last retry: the lead is failed, supervisors alerted."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        lead_id = args[0] if args else kwargs["lead_id"]
        try:
            services.lead_routing_failed(lead_id=lead_id)
        except Exception:
            # The database is probably still down: the lead stays pending for the sweeper.
            logger.exception("Could not mark lead %s as failed to route.", lead_id)


@shared_task(
    base=RouteLeadTask,
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    max_retries=5,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
)
def route_lead(lead_id: int) -> None:
    """Assign a pending lead to a counsellor, then notify once."""
    services.lead_assign(lead_id=lead_id)
    _crash_once_if_armed()
    services.lead_notify_once(lead_id=lead_id)


def _crash_once_if_armed() -> None:
    """Fault injection for the reliability tests, off unless its variable is set.

    DOORWAY_TEST_CRASH_ROUTE_ONCE names a marker file. When the file exists, the worker process
    deletes it and dies on the spot, between the routing commit and the notification, as a
    killed worker would; the next delivery finds no file and runs normally.
    """
    marker = os.environ.get("DOORWAY_TEST_CRASH_ROUTE_ONCE")
    if not marker:
        return
    try:
        os.remove(marker)
    except FileNotFoundError:
        return
    os._exit(1)


@shared_task(acks_late=True)
def sweep_unrouted() -> int:
    """Every minute: re-enqueue leads whose routing message was lost."""
    return services.sweep_unrouted()


@shared_task(acks_late=True)
def escalate_unclaimed() -> int:
    """Every minute: alert supervisors about leads unclaimed past their deadline."""
    return len(services.escalate_unclaimed())
