"""Faults around routing, with a real Celery worker, the real Redis and the test database.

1. broker down at submit; 2. worker killed in the middle of route_lead (a pool process, then the
whole worker); 3. route_lead delivered twice at once; 4. a rolled-back transaction. Escalation
timing is in test_escalation.py.
"""

import logging
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from faker import Faker

from admissions.models import Lead, LeadEvent, RoutingState
from admissions.services import lead_create, sweep_unrouted
from admissions.tasks import route_lead
from tests.factories import CRISIS_ANSWERS, LeadFactory, make_answers
from tests.reliability.conftest import (
    DOOMED_REDIS_DB,
    closed_port_url,
    publishing_to,
    redis_url,
    start_worker,
    stop_worker,
    wait_for,
)

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]
fake = Faker()

# Generous bound: "about a second" is the target, this only catches a hang.
SUBMIT_HANG_BOUND = 5.0


def submit(answers: dict | None = None) -> Lead:
    return lead_create(
        answers=answers or make_answers(),
        contact={"first_name": fake.first_name(), "phone": "555-301-4455"},
        source="web",
        consent_version="2026-01",
        consent_to_texts=False,
    )


def routed_and_notified(lead: Lead) -> bool:
    return LeadEvent.objects.filter(lead=lead, kind="notified").exists()


def assert_routed_once_and_notified_once(lead: Lead, worker, recipient) -> None:
    lead.refresh_from_db()
    assert (lead.routing_state, lead.assigned_to) == (RoutingState.ROUTED, recipient)
    assert LeadEvent.objects.filter(lead=lead, kind="routed").count() == 1
    assert LeadEvent.objects.filter(lead=lead, kind="notified").count() == 1
    assert [email["to"] for email in worker.emails()] == [recipient.email]
    sent = worker.mail_text()
    assert f"/staff/leads/{lead.pk}/" in sent
    for personal in (lead.first_name, lead.phone, "alcohol", "suicid"):
        assert personal not in sent


def test_broker_down_at_submit_keeps_the_lead_pending_and_the_sweeper_routes_it_once(
    worker, counsellor, caplog
):
    with publishing_to(closed_port_url()), caplog.at_level(logging.WARNING):
        started = time.monotonic()
        lead = submit()
        took = time.monotonic() - started
    assert took < SUBMIT_HANG_BOUND
    lead.refresh_from_db()
    assert lead.routing_state == RoutingState.PENDING
    assert f"Routing of lead {lead.pk} not enqueued" in caplog.text
    # The phone's digits, not "555" alone: the closed port in the log may contain 555.
    assert lead.first_name not in caplog.text and "301-4455" not in caplog.text
    assert worker.broker.llen("celery") == 0

    # The broker is back; a minute later the sweeper finds the lead.
    a_minute_later = timezone.now() + timedelta(seconds=61)
    assert sweep_unrouted(now=a_minute_later) == 1
    wait_for(lambda: routed_and_notified(lead), what="the swept lead to be routed")
    wait_for(worker.idle, what="the worker to go idle")
    assert sweep_unrouted(now=a_minute_later) == 0
    assert_routed_once_and_notified_once(lead, worker, counsellor)


def test_worker_killed_in_the_middle_of_route_lead_routes_once_and_notifies_once(
    worker, counsellor
):
    worker.arm_crash()
    lead = submit(CRISIS_ANSWERS)
    wait_for(lambda: routed_and_notified(lead), what="the redelivered task to finish")
    wait_for(worker.idle, what="the worker to go idle")
    assert not worker.crash_marker.exists(), "the worker never crashed"
    assert "exited with 'exitcode 1'" in worker.log_tail()
    assert_routed_once_and_notified_once(lead, worker, counsellor)


def test_whole_worker_killed_between_routing_and_notice_the_sweeper_gets_the_notice_out(
    worker, counsellor, tmp_path
):
    """The dead worker's message stays unacknowledged for a long time; the sweeper does not wait."""
    doomed = start_worker(tmp_path, redis_db=DOOMED_REDIS_DB, pool="solo")
    try:
        doomed.arm_crash()
        with publishing_to(redis_url(DOOMED_REDIS_DB)):
            lead = submit()
        wait_for(lambda: doomed.process.poll() is not None, what="the worker to die")
    finally:
        stop_worker(doomed)
    lead.refresh_from_db()
    assert lead.routing_state == RoutingState.ROUTED
    assert not LeadEvent.objects.filter(lead=lead, kind="notified").exists()
    assert doomed.emails() == []

    assert sweep_unrouted(now=timezone.now() + timedelta(seconds=61)) == 1
    wait_for(lambda: routed_and_notified(lead), what="the sweeper's delivery to notify")
    wait_for(worker.idle, what="the worker to go idle")
    assert_routed_once_and_notified_once(lead, worker, counsellor)


def test_route_lead_delivered_twice_at_once_assigns_once_and_emails_once(worker, counsellor):
    lead = LeadFactory()  # pending, nothing enqueued yet
    route_lead.delay(lead.pk)
    route_lead.delay(lead.pk)
    wait_for(lambda: routed_and_notified(lead), what="routing")
    wait_for(worker.idle, what="both deliveries to finish")
    assert_routed_once_and_notified_once(lead, worker, counsellor)


def test_a_transaction_that_rolls_back_enqueues_nothing(spare_broker):
    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        submit()
        raise Abandoned
    assert not Lead.objects.exists()
    assert spare_broker.llen("celery") == 0

    # The same call, committed, does enqueue: the check above can fail.
    submit()
    assert spare_broker.llen("celery") == 1
