"""Checks behind /healthz and /healthz/status. Neither says anything about any person.

``/healthz`` is for load balancers and orchestrators (readiness and liveness alike): it fails
only when Doorway cannot take a screening, that is when the database cannot be reached. A
broker, worker or scheduler outage never takes a server out of rotation: screenings are still
saved (their routing waits for the sweeper), and crisis help is still shown.

``/healthz/status`` is for people and monitors: the broker, the worker's last heartbeat and the
sweeper's last run, answered with 200 whatever their state.
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from admissions import heartbeats
from config.celery import app as celery_app

BROKER_TIMEOUT_SECONDS = 1.0
# Each job's entry in CELERY_BEAT_SCHEDULE: how often it is meant to run.
JOB_SCHEDULES = {heartbeats.WORKER: "worker-heartbeat", heartbeats.SWEEPER: "sweep-unrouted-leads"}
# A job that has not run for this many of its intervals is late.
LATE_AFTER_INTERVALS = 3


def database_ok() -> bool:
    """True when the database answers a trivial query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 — any failure means "not reachable"
        return False
    return True


def broker_status() -> str:
    """``ok``, ``down``, or ``in-process`` when tasks run eagerly without a broker."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    try:
        with celery_app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception:  # noqa: BLE001 — any failure means "not reachable"
        return "down"
    return "ok"


def jobs_status(*, database_up: bool, now: datetime | None = None) -> dict[str, dict[str, Any]]:
    """Each background job's last run and its state: ``ok``, ``late``, ``never`` (no run
    recorded), ``in-process`` (no worker: tasks run inside the web request) or ``unknown`` (the
    database, where runs are recorded, cannot be read)."""
    now = now or timezone.now()
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {job: {"state": "in-process", "last_run": None} for job in JOB_SCHEDULES}
    if not database_up:
        return {job: {"state": "unknown", "last_run": None} for job in JOB_SCHEDULES}
    last_runs = heartbeats.heartbeats()
    status = {}
    for job, schedule_name in JOB_SCHEDULES.items():
        last_run = last_runs.get(job)
        if last_run is None:
            status[job] = {"state": "never", "last_run": None}
            continue
        interval = float(settings.CELERY_BEAT_SCHEDULE[schedule_name]["schedule"])
        age = (now - last_run).total_seconds()
        status[job] = {
            "state": "late" if age > LATE_AFTER_INTERVALS * interval else "ok",
            "last_run": last_run.isoformat(),
            "seconds_ago": max(0, round(age)),
        }
    return status
