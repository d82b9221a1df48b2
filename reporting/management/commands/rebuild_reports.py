"""``manage.py rebuild_reports [--from DATE] [--to DATE]``: recompute the daily report figures.

Without dates it rebuilds the last 90 days, and the sums of the weeks and months they fall in.
Safe to run at any time and any number of times: each day's, week's and month's figures are
replaced, never added to.
"""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reporting import aggregates


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value!r} is not a date like 2026-01-31") from error


class Command(BaseCommand):
    help = "Recompute the daily figures of the reporting page for a range of days."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--from", dest="first", help="first day (YYYY-MM-DD)")
        parser.add_argument("--to", dest="last", help="last day (YYYY-MM-DD), default today")

    def handle(self, *args, first: str | None, last: str | None, **options) -> None:
        end = _date(last) if last else timezone.localdate()
        start = _date(first) if first else end - timedelta(days=aggregates.SETTLING_DAYS - 1)
        if start > end:
            raise CommandError("--from must not be after --to")
        days = aggregates.rebuild_days(start, end)
        self.stdout.write(f"Rebuilt the figures of {days} day(s), {start} to {end}.")
