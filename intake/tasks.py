"""Periodic intake jobs (Celery beat runs them hourly; see CELERY_BEAT_SCHEDULE)."""

import logging

from celery import shared_task

from intake.services import drafts_purge, sessions_purge

logger = logging.getLogger(__name__)


@shared_task
def purge_expired_drafts() -> int:
    """Delete drafts past their 7 days, and expired sessions, so answers are not kept longer
    than promised."""
    deleted = drafts_purge()
    sessions_purge()
    logger.info("Purged %d expired drafts", deleted)
    return deleted
