"""Celery tasks: thin wrappers that take ids only and call the services.

Every task is safe to run twice (acks are late, so a lost worker means a redelivery).
"""

import logging
import random

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

from admissions import booking, followups, heartbeats, lead_counts, services, waiting_list

logger = logging.getLogger(__name__)

# Errors worth retrying: the database or the mail server briefly unreachable (SMTP errors and
# refused connections are OSErrors).
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)

# Seconds before each retry of ``route_lead`` while the database or the mail server cannot be
# reached: at least 6 minutes in all, well past a database restart or failover. After the last
# one the lead is marked failed and supervisors are alerted; the sweeper also resends it.
RETRY_DELAYS = (2, 5, 10, 20, 30, 60, 60, 60, 60, 60)


def retry_delay(retries: int) -> float:
    """The wait before retry number ``retries + 1``: the schedule, stretched by up to a quarter
    at random so that the leads an outage held back do not all come back in the same second."""
    return RETRY_DELAYS[min(retries, len(RETRY_DELAYS) - 1)] * random.uniform(1.0, 1.25)  # noqa: S311


class RouteLeadTask(Task):
    """Gives up on a lead only after the last retry: the lead is failed, supervisors alerted."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        lead_id = args[0] if args else kwargs["lead_id"]
        try:
            services.lead_routing_failed(lead_id=lead_id)
        except Exception:
            # The database is probably still down: the lead stays pending for the sweeper.
            logger.exception("Could not mark lead %s as failed to route.", lead_id)


@shared_task(bind=True, base=RouteLeadTask, acks_late=True, max_retries=len(RETRY_DELAYS))
def route_lead(self: Task, lead_id: int) -> None:
    """Assign a pending lead to a counsellor, then notify once."""
    try:
        services.lead_assign(lead_id=lead_id)
        services.lead_notify_once(lead_id=lead_id)
    except TRANSIENT_ERRORS as error:
        raise self.retry(exc=error, countdown=retry_delay(self.request.retries)) from error


@shared_task(acks_late=True)
def sweep_unrouted() -> int:
    """Every minute: re-enqueue leads whose routing message was lost."""
    sent = services.sweep_unrouted()
    heartbeats.heartbeat_record(heartbeats.SWEEPER)
    return sent


@shared_task(acks_late=True)
def escalate_unclaimed() -> int:
    """Every minute: alert supervisors about leads unclaimed past their deadline."""
    return len(services.escalate_unclaimed())


@shared_task
def worker_heartbeat() -> None:
    """Every half minute: a worker took this from the broker and ran it (the status page)."""
    heartbeats.heartbeat_record(heartbeats.WORKER)


@shared_task(acks_late=True)
def notify_due_follow_ups() -> int:
    """Every minute: tell counsellors (and supervisors, for decisions) about follow-ups due."""
    return len(followups.notify_due())


@shared_task(acks_late=True)
def send_booking_confirmation(booking_id: int) -> None:
    """After a booking commits: the confirmation with its .ics, to the person and the staff."""
    booking.send_confirmation(booking_id=booking_id)


@shared_task(acks_late=True)
def send_booking_reminders() -> int:
    """Every quarter hour: remind people, and the staff who hold it, of an assessment the day
    before."""
    return len(booking.send_due_reminders())


@shared_task(acks_late=True)
def notify_place_opened(program_id: int, event_id: int) -> int:
    """After a discharge gave a place back: tell who needs to know about the first in line."""
    return len(waiting_list.notify_place_opened(program_id=program_id, event_id=event_id))


@shared_task(acks_late=True)
def fold_lead_counts() -> int:
    """Every five minutes: merge the dashboard's count rows (how many are left)."""
    return lead_counts.fold()
