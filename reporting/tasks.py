"""Celery beat tasks: thin wrappers around ``reporting.aggregates`` (safe to run twice)."""

from celery import shared_task

from reporting import aggregates


@shared_task(ignore_result=True)
def refresh_recent_figures() -> None:
    """Today's and yesterday's figures, every few minutes."""
    aggregates.refresh_recent()


@shared_task(ignore_result=True)
def settle_figures() -> None:
    """Once a day: the last weeks again, for the leads that moved on since (reached, admitted)."""
    aggregates.refresh_recent(days=aggregates.SETTLING_DAYS)
