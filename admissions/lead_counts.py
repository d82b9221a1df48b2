"""How many leads there are of each status, level, priority and source, without counting them.

PostgreSQL keeps these numbers itself: triggers on the lead table (migration 0023) add rows to
``LeadCount`` for every lead inserted or deleted and for every change of one of the four
columns, in the same transaction as the change. So the numbers always equal a count of the
leads, whatever made the change (a service, an import, a merge, a bulk COPY), and the dashboard
reads a few hundred rows at most instead of a million leads. Inserts and deletes add one row per
combination per statement; a change adds two (the old values less one, the new plus one).

``fold`` merges each combination's rows into one, so that the table stays small between
dashboard views (Celery beat runs it; a fold that never runs only makes the sums slower).

SQLite (the demo) has no such triggers and small tables: there the leads are counted directly.
"""

from django.db import connection
from django.db.models import Count, Sum

from admissions.models import Lead, LeadCount

FIELDS = ("status", "level", "priority", "source")


def _kept_by_the_database() -> bool:
    return connection.vendor == "postgresql"


def combinations() -> list[dict]:
    """Each combination of status, level, priority and source, with its number of leads
    (``"total"``); a combination may be listed with 0 or left out when it has none."""
    if not _kept_by_the_database():
        return list(Lead.objects.order_by().values(*FIELDS).annotate(total=Count("*")))
    return list(LeadCount.objects.order_by().values(*FIELDS).annotate(total=Sum("leads")))


def fold() -> int:
    """Merge the rows of each combination into one (none when they add up to 0); the number of
    rows left.

    Safe beside writers: rows that transactions still open are adding are not visible to the
    DELETE, so they stay for the next fold; and of two folds at once, the second skips the rows
    the first removed.
    """
    if not _kept_by_the_database():
        return 0
    table = connection.ops.quote_name(LeadCount._meta.db_table)
    columns = ", ".join(FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH folded AS (DELETE FROM {table} RETURNING {columns}, leads) "  # noqa: S608
            f"INSERT INTO {table} ({columns}, leads) "
            f"SELECT {columns}, SUM(leads) FROM folded GROUP BY {columns} HAVING SUM(leads) <> 0"
        )
        return cursor.rowcount
