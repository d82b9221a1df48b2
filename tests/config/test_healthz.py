"""/healthz fails only when a screening cannot be taken; /healthz/status reports, never fails.

Neither holds personal data.
"""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from admissions.heartbeats import SWEEPER, WORKER
from admissions.models import Heartbeat
from admissions.tasks import sweep_unrouted, worker_heartbeat
from tests.conftest import closed_port
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db

BROKER_DOWN = override_settings(
    CELERY_BROKER_URL=f"redis://127.0.0.1:{closed_port()}/0", CELERY_TASK_ALWAYS_EAGER=False
)


def test_healthz_is_200_when_the_database_answers(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@BROKER_DOWN
def test_healthz_stays_200_when_only_the_broker_is_down(client):
    # Screenings are still saved (routing waits for the sweeper): no server leaves rotation.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_healthz_and_status_are_never_cached(client):
    for url in ("/healthz", "/healthz/status"):
        assert "no-cache" in client.get(url)["Cache-Control"]


def test_status_reports_the_broker_and_the_jobs_when_all_is_well(client, settings):
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "tests run against a real Redis"
    worker_heartbeat.apply().get()
    sweep_unrouted.apply().get()
    body = client.get("/healthz/status").json()
    assert (body["status"], body["database"], body["broker"]) == ("ok", "ok", "ok")
    for job in (WORKER, SWEEPER):
        assert body[job]["state"] == "ok"
        assert 0 <= body[job]["seconds_ago"] < 60
        assert body[job]["last_run"]


@BROKER_DOWN
def test_status_is_200_and_degraded_when_the_broker_is_down_and_no_job_ever_ran(client):
    response = client.get("/healthz/status")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["broker"]) == ("degraded", "down")
    assert body[WORKER] == {"state": "never", "last_run": None}
    assert body[SWEEPER] == {"state": "never", "last_run": None}


def test_a_job_that_missed_three_runs_is_late(client):
    now = timezone.now()
    Heartbeat.objects.create(job=WORKER, at=now - timedelta(seconds=95))  # runs every 30 s
    Heartbeat.objects.create(job=SWEEPER, at=now - timedelta(seconds=95))  # runs every 60 s
    body = client.get("/healthz/status").json()
    assert body["status"] == "degraded"
    assert (body[WORKER]["state"], body[SWEEPER]["state"]) == ("late", "ok")
    assert body[WORKER]["seconds_ago"] >= 95


@override_settings(CELERY_BROKER_URL="", CELERY_TASK_ALWAYS_EAGER=True)
def test_without_a_broker_tasks_run_in_process_and_status_says_so(client):
    body = client.get("/healthz/status").json()
    assert (body["status"], body["broker"]) == ("ok", "in-process")
    assert body[WORKER]["state"] == body[SWEEPER]["state"] == "in-process"


def test_neither_page_says_anything_about_a_lead(client):
    lead = LeadFactory()
    for url in ("/healthz", "/healthz/status"):
        text = client.get(url).content.decode()
        for personal in (lead.first_name, lead.last_name, lead.phone, str(lead.pk)):
            assert personal not in text


def test_the_scheduler_sends_the_worker_heartbeat_twice_a_minute(settings):
    entries = {entry["task"]: entry for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert entries["admissions.tasks.worker_heartbeat"]["schedule"] == 30
