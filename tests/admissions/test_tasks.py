"""The Celery tasks, run in-process by Celery itself against the real database."""

import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from admissions.models import CounsellorProfile, Lead, RoutingState
from admissions.tasks import escalate_unclaimed, route_lead, sweep_unrouted
from config.celery import app
from tests.factories import LeadFactory


@pytest.mark.django_db
def test_route_lead_assigns_and_notifies_the_counsellor(counsellor):
    lead = LeadFactory()
    route_lead.apply(args=[lead.pk]).get()
    lead.refresh_from_db()
    assert (lead.routing_state, lead.assigned_to) == (RoutingState.ROUTED, counsellor)
    assert [email.to for email in mail.outbox] == [[counsellor.email]]


@pytest.mark.django_db
def test_route_lead_run_twice_notifies_once(counsellor):
    lead = LeadFactory()
    route_lead.apply(args=[lead.pk]).get()
    route_lead.apply(args=[lead.pk]).get()
    assert len(mail.outbox) == 1
    assert lead.events.filter(kind="routed").count() == 1


@pytest.mark.django_db
def test_route_lead_for_a_lead_that_no_longer_exists_does_nothing(counsellor):
    route_lead.apply(args=[987654]).get()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_route_lead_retries_then_fails_the_lead_and_alerts_supervisors(counsellor, supervisor):
    """Counsellor rows held locked elsewhere: every attempt times out on the lock."""
    lead = LeadFactory()
    locked = threading.Event()
    release = threading.Event()

    def hold_counsellor_locks() -> None:
        with transaction.atomic():
            list(CounsellorProfile.objects.select_for_update())
            locked.set()
            release.wait(timeout=60)
        connection.close()

    holder = threading.Thread(target=hold_counsellor_locks)
    holder.start()
    assert locked.wait(timeout=30)
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '50ms'")
    try:
        result = route_lead.apply(args=[lead.pk])
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
        release.set()
        holder.join(timeout=30)
    assert result.failed()
    lead.refresh_from_db()
    assert (lead.routing_state, lead.assigned_to) == (RoutingState.FAILED, None)
    assert lead.events.filter(kind="routing_failed").count() == 1
    assert [(email.to, email.subject) for email in mail.outbox] == [
        ([supervisor.email], "A lead could not be routed")
    ]


def test_route_lead_acknowledges_late_and_is_redelivered_when_its_worker_dies():
    assert route_lead.acks_late is True
    assert route_lead.max_retries >= 3
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_reject_on_worker_lost is True


def test_beat_runs_the_sweeper_and_the_escalation_every_minute():
    entries = settings.CELERY_BEAT_SCHEDULE.values()
    schedule = {entry["task"]: entry["schedule"] for entry in entries}
    assert schedule["admissions.tasks.sweep_unrouted"] == 60
    assert schedule["admissions.tasks.escalate_unclaimed"] == 60
    assert sweep_unrouted.name in app.tasks
    assert escalate_unclaimed.name in app.tasks


@pytest.mark.django_db
def test_escalation_task_alerts_about_overdue_leads(supervisor):
    lead = LeadFactory()
    Lead.objects.filter(pk=lead.pk).update(created_at=timezone.now() - timedelta(hours=5))
    assert escalate_unclaimed.apply().get() == 1
    lead.refresh_from_db()
    assert lead.escalated_at is not None


@pytest.mark.django_db
def test_sweep_task_finds_nothing_when_every_lead_is_routed(counsellor):
    lead = LeadFactory()
    route_lead.apply(args=[lead.pk]).get()
    Lead.objects.filter(pk=lead.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert sweep_unrouted.apply().get() == 0
