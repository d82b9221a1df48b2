"""``python manage.py purge_drafts``: delete expired "Finish later" drafts and sessions now."""

from django.core.management.base import BaseCommand

from intake.services import drafts_purge, sessions_purge


class Command(BaseCommand):
    help = (
        "Delete expired screening drafts and expired sessions "
        "(the periodic task does the same every hour)."
    )

    def handle(self, *args: object, **options: object) -> None:
        deleted = drafts_purge()
        sessions_purge()
        self.stdout.write(f"Deleted {deleted} expired drafts.")
