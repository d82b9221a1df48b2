"""The counsellor's notice and routing retries, with a real worker, Redis and PostgreSQL.

1. A worker killed just after the mail server took the notice: the notice is sent again at
   most as the same message (same Message-ID), and recorded once.
2. A database outage longer than the old retry window: route_lead keeps retrying and routes
   the lead once the database is back, without waiting for the sweeper. The test worker plays
   the retry schedule twenty times faster, so the outage lasts seconds instead of minutes.
"""

import time
from datetime import timedelta

import psycopg
import pytest
from django.db import connection
from django.db.models import F
from django.utils import timezone

from admissions.models import Lead, LeadEvent, RoutingState
from admissions.services import NOTICE_LEASE, sweep_unrouted
from tests.reliability.conftest import (
    DOOMED_REDIS_DB,
    publishing_to,
    redis_url,
    start_worker,
    stop_worker,
    wait_for,
)
from tests.reliability.test_routing_faults import submit

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]

RETRY_SCALE = 0.05


def notified(lead: Lead) -> bool:
    return LeadEvent.objects.filter(lead=lead, kind="notified").exists()


def test_a_worker_killed_after_sending_the_notice_sends_it_again_as_the_same_message(
    worker, counsellor
):
    worker.arm_crash_after_send()
    lead = submit()
    wait_for(lambda: not worker.crash_after_send_marker.exists(), what="the crash after send")
    wait_for(worker.idle, what="the redelivered task to finish")
    assert "exited with 'exitcode 1'" in worker.log_tail()
    # The redelivery found the notice claimed a moment ago and left it alone.
    assert [email["to"] for email in worker.emails()] == [counsellor.email]
    assert not notified(lead)

    # The lease runs out (moved back here instead of waited for); the sweeper resends.
    Lead.objects.filter(pk=lead.pk).update(notice_claimed_at=F("notice_claimed_at") - NOTICE_LEASE)
    assert sweep_unrouted(now=timezone.now() + timedelta(seconds=61)) == 1
    wait_for(lambda: notified(lead), what="the sweeper's delivery to record the notice")
    wait_for(worker.idle, what="the worker to go idle")

    emails = worker.emails()
    assert {email["to"] for email in emails} == {counsellor.email}
    assert len({email["message_id"] for email in emails}) == 1, "one message, however often sent"
    assert LeadEvent.objects.filter(lead=lead, kind="notified").count() == 1


def _refuse_connections(admin: psycopg.Connection, database: str, *, keep: list[int]) -> None:
    """Nobody new may connect to ``database``, and its other backends are ended."""
    admin.execute(f'ALTER DATABASE "{database}" WITH ALLOW_CONNECTIONS false')
    admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = %s AND NOT pid = ANY(%s)",
        [database, keep],
    )


def test_route_lead_outlasts_a_database_outage_longer_than_a_minute(counsellor, tmp_path):
    db = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (own_pid,) = cursor.fetchone()
    outage = 2 * 60 * RETRY_SCALE  # two minutes, played twenty times faster
    assert outage > 62 * RETRY_SCALE, "longer than the whole retry window before this change"
    doomed = start_worker(tmp_path, redis_db=DOOMED_REDIS_DB, retry_scale=RETRY_SCALE)
    admin = psycopg.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        autocommit=True,
    )
    try:
        _refuse_connections(admin, db["NAME"], keep=[own_pid])
        with publishing_to(redis_url(DOOMED_REDIS_DB)):
            lead = submit()
        wait_for(
            lambda: doomed.log_tail().count("Retry in") >= 3,
            timeout=outage + 30,
            what="route_lead to retry while the database is down",
        )
        time.sleep(outage)
        lead.refresh_from_db()
        assert lead.routing_state == RoutingState.PENDING
        assert "Retry in" in doomed.log_tail()
    finally:
        admin.execute(f'ALTER DATABASE "{db["NAME"]}" WITH ALLOW_CONNECTIONS true')
        admin.close()
    try:
        wait_for(lambda: notified(lead), timeout=60, what="the retried task to route the lead")
    finally:
        stop_worker(doomed)
    lead.refresh_from_db()
    assert (lead.routing_state, lead.assigned_to) == (RoutingState.ROUTED, counsellor)
