"""Checks behind /healthz: can we reach the database and the Celery broker?"""

from django.conf import settings
from django.db import connection

from config.celery import app as celery_app

BROKER_TIMEOUT_SECONDS = 1.0


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
