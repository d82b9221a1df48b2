"""The queue as CSV for supervisors: operational columns only, safe to open in a spreadsheet.

No free text (messages, notes, close reasons) leaves this way. Coded values are written in words
and times in the centre's time zone, as a supervisor reads them. A cell that a spreadsheet would
read as a formula (starting with = + - @, or a tab or carriage return) gets a leading apostrophe,
so a name like ``=HYPERLINK(...)`` stays text.
"""

import csv
from collections.abc import Callable, Iterator
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from admissions.models import Lead

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The columns in order: the lead's field and the header a spreadsheet shows. Times are in the
# centre's time zone (settings.TIME_ZONE), to the minute; coded values are written as the words
# staff see on the queue, in the language of whoever exports.
COLUMNS = (
    ("id", gettext_lazy("Lead")),
    ("created_at", gettext_lazy("Received")),
    ("source", gettext_lazy("Source")),
    # Where the person came from (first-party, cleaned of anything personal on the way in).
    ("heard_about", gettext_lazy("Heard about us")),
    ("utm_source", gettext_lazy("Campaign source")),
    ("utm_medium", gettext_lazy("Campaign medium")),
    ("utm_campaign", gettext_lazy("Campaign")),
    ("referrer_host", gettext_lazy("Referring site")),
    ("status", gettext_lazy("Status")),
    ("level", gettext_lazy("Level of care")),
    ("priority", gettext_lazy("Priority")),
    ("crisis", gettext_lazy("Crisis")),
    ("language", gettext_lazy("Language")),
    ("respondent", gettext_lazy("Filled in by")),
    ("age", gettext_lazy("Age")),
    ("first_name", gettext_lazy("First name")),
    ("last_name", gettext_lazy("Last name")),
    ("phone", gettext_lazy("Phone")),
    ("email", gettext_lazy("Email")),
    ("contact_method", gettext_lazy("Contact by")),
    ("contact_time", gettext_lazy("Best time")),
    ("assigned_to", gettext_lazy("Assigned to")),
    ("routed_at", gettext_lazy("Routed")),
    ("claimed_at", gettext_lazy("Claimed")),
    ("first_contact_at", gettext_lazy("First contact")),
    ("rules_version", gettext_lazy("Screening rules")),
)
_CODED = ("source", "heard_about", "status", "level", "priority", "language", "respondent")
_CODED_CONTACT = ("contact_method", "contact_time")
_TIMES = ("created_at", "routed_at", "claimed_at", "first_contact_at")


def safe_cell(value: object) -> str:
    """The value as text, defused if a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def local_time(moment: datetime | None) -> str:
    """``2026-03-02 14:05`` in the centre's time zone, or nothing."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _row_writer() -> Callable[[Lead], list[str]]:
    """A function from a lead to its cells, with every choice's words looked up once."""
    words = {
        field: {key: str(label) for key, label in Lead._meta.get_field(field).flatchoices}
        for field in (*_CODED, *_CODED_CONTACT)
    }
    yes, no = _("Yes"), _("No")

    def cell(lead: Lead, field: str) -> object:
        value = getattr(lead, field) if field != "id" else lead.pk
        if field in words:
            return words[field].get(value, value)
        if field in _TIMES:
            return local_time(value)
        if field == "crisis":
            return yes if value else no
        if field == "assigned_to":
            return (value.get_full_name() or value.get_username()) if value else ""
        return value

    return lambda lead: [safe_cell(cell(lead, field)) for field, _label in COLUMNS]


class _Echo:
    """A file-like object whose ``write`` hands the line back, for streaming."""

    def write(self, value: str) -> str:
        return value


def queue_csv_rows(leads: QuerySet[Lead]) -> Iterator[str]:
    """The header and one line per lead, streamed in chunks so memory stays flat."""
    writer = csv.writer(_Echo())
    row = _row_writer()
    yield writer.writerow([str(label) for _field, label in COLUMNS])
    for lead in leads.iterator(chunk_size=2000):
        yield writer.writerow(row(lead))


def export_filename() -> str:
    return f"doorway-leads-{timezone.localtime():%Y%m%d-%H%M}.csv"
