"""The queue as CSV for supervisors: operational columns only, safe to open in a spreadsheet.

No free text (messages, notes, close reasons) leaves this way. A cell that a spreadsheet would
read as a formula (starting with = + - @, or a tab or carriage return) gets a leading apostrophe,
so a name like ``=HYPERLINK(...)`` stays text.
"""

import csv
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from admissions.models import Lead

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = (
    "id",
    "created_at",
    "source",
    "status",
    "level",
    "priority",
    "crisis",
    "language",
    "respondent",
    "age",
    "first_name",
    "last_name",
    "phone",
    "email",
    "contact_method",
    "contact_time",
    "assigned_to",
    "routed_at",
    "claimed_at",
    "first_contact_at",
    "rules_version",
)


def safe_cell(value: object) -> str:
    """The value as text, defused if a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _row(lead: Lead) -> list[str]:
    def when(moment) -> str:
        return moment.isoformat() if moment else ""

    values = [
        lead.pk,
        when(lead.created_at),
        lead.source,
        lead.status,
        lead.level,
        lead.priority,
        "yes" if lead.crisis else "no",
        lead.language,
        lead.respondent,
        lead.age,
        lead.first_name,
        lead.last_name,
        lead.phone,
        lead.email,
        lead.contact_method,
        lead.contact_time,
        lead.assigned_to.get_username() if lead.assigned_to else "",
        when(lead.routed_at),
        when(lead.claimed_at),
        when(lead.first_contact_at),
        lead.rules_version,
    ]
    return [safe_cell(value) for value in values]


class _Echo:
    """A file-like object whose ``write`` hands the line back, for streaming."""

    def write(self, value: str) -> str:
        return value


def queue_csv_rows(leads: QuerySet[Lead]) -> Iterator[str]:
    """The header and one line per lead, streamed in chunks so memory stays flat."""
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for lead in leads.iterator(chunk_size=2000):
        yield writer.writerow(_row(lead))


def export_filename() -> str:
    return f"doorway-leads-{timezone.localtime():%Y%m%d-%H%M}.csv"
