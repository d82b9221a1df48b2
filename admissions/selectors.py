"""Reads for the staff pages: the queue, one lead, the dashboard figures and the audit log.

Views call these and never build lead queries themselves, so "who sees what" lives in one place:
counsellors see unassigned leads and their own, supervisors see every lead.
"""

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import BooleanField, CharField, Func, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KeyTransform
from django.utils import timezone

from admissions import lead_counts
from admissions.access import can_see_all_leads
from admissions.audit import Action
from admissions.models import (
    OPEN_STATUSES,
    PRIORITY_RANK,
    AuditEntry,
    ContactCorrection,
    Lead,
    LeadEvent,
    Level,
    Priority,
    Source,
    Status,
)
from admissions.roles import routable_profiles
from admissions.search import MIN_PHONE_DIGITS, fold, phone_digits

# How long a new lead may wait for a first contact before it counts as overdue (minutes).
DEFAULT_ESCALATE_AFTER_MINUTES = {Priority.URGENT: 15, Priority.HIGH: 60, Priority.NORMAL: 240}

# Moving a lead into one of these ends its journey with us, so staff must say why.
CLOSING_STATUSES = (Status.ADMITTED, Status.REFERRED_OUT, Status.NOT_ADMITTED, Status.CLOSED)

PAGE_SIZE = 50
# Counting every matching row on each page view gets slow with many leads; past this we say "more
# than" instead of counting further.
COUNT_CAP = 1000
AUDIT_PAGE_SIZE = 100


# --- Deadlines --------------------------------------------------------------------------------


def escalation_deadlines() -> dict[str, timedelta]:
    """The first-contact deadline per priority (settings may override any of them)."""
    minutes: dict[str, int] = dict(DEFAULT_ESCALATE_AFTER_MINUTES)
    configured = getattr(settings, "DOORWAY_ESCALATE_AFTER_MINUTES", None)
    if isinstance(configured, Mapping):
        minutes.update({str(key): int(value) for key, value in configured.items()})
    return {priority: timedelta(minutes=minutes[priority]) for priority in Priority.values}


def awaiting_first_contact(lead: Lead) -> bool:
    """Nobody has reached out to this new lead yet."""
    return lead.status == Status.NEW and lead.first_contact_at is None


def overdue_q(now: datetime) -> Q:
    """Leads still waiting for a first contact past their priority's deadline."""
    past_deadline = Q()
    for priority, deadline in escalation_deadlines().items():
        past_deadline |= Q(priority=priority, created_at__lt=now - deadline)
    return Q(status=Status.NEW, first_contact_at__isnull=True) & past_deadline


# --- The queue --------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    """What a member of staff narrowed the queue to. Empty values mean "any"."""

    status: str = ""  # a Status value, "open" for the three open statuses, or "" for all
    level: str = ""
    priority: str = ""
    assigned: str = "all"  # "all", "mine" or "unassigned"
    language: str = ""
    created_from: date | None = None
    created_to: date | None = None
    search: str = ""
    overdue: bool = False  # only leads past their first-contact deadline

    def describe(self) -> dict:
        """The filters for the audit log: which were used, never the search words themselves."""
        return {
            "status": self.status,
            "level": self.level,
            "priority": self.priority,
            "assigned": self.assigned,
            "language": self.language,
            "created_from": self.created_from.isoformat() if self.created_from else "",
            "created_to": self.created_to.isoformat() if self.created_to else "",
            "search": bool(self.search),
            "overdue": self.overdue,
        }


def needs_anyone_q(now: datetime) -> Q:
    """Open urgent leads and overdue ones: every counsellor on shift sees these, whoever has
    them, so that nobody in crisis waits unseen behind a colleague's name (or a supervisor's,
    when routing found nobody on call)."""
    return Q(status__in=OPEN_STATUSES, priority=Priority.URGENT) | overdue_q(now)


def visible_leads(user, *, now: datetime | None = None) -> QuerySet[Lead]:
    """Every lead ``user`` may open: all for supervisors, clinicians and benefits staff; for
    counsellors, unassigned ones, their own, and those that need anyone (``needs_anyone_q``)."""
    leads = Lead.objects.all()
    if can_see_all_leads(user):
        return leads
    return leads.filter(
        Q(assigned_to__isnull=True) | Q(assigned_to=user) | needs_anyone_q(now or timezone.now())
    )


def _start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class Fold(Func):
    """``doorway_fold(column)``: without accents, in capitals (see ``admissions.search``)."""

    function = "doorway_fold"
    output_field = CharField()


# The folded columns the search compares with, under the names ``_search_q`` filters on; the
# expressions are those the trigram indexes of migration 0010 are built on.
SEARCH_COLUMNS = {
    "first_name_folded": Fold("first_name"),
    "last_name_folded": Fold("last_name"),
    "email_folded": Fold("email"),
}


def _search_q(search: str) -> Q:
    """Name or email without accents or case; phone by its digits, whatever the punctuation
    typed or stored. Used on a queryset annotated with ``SEARCH_COLUMNS``."""
    words = fold(search.strip())
    if "@" in words:
        # An email address: found by its start, from a B-tree index (lead_email_prefix_idx).
        # "Contains" would read the trigram index's lists for "EXA", "COM" ... which hold
        # nearly every lead (half a second at a million leads).
        return Q(email_folded__startswith=words)
    query = (
        Q(first_name_folded__contains=words)
        | Q(last_name_folded__contains=words)
        | Q(email_folded__contains=words)
    )
    parts = words.split(maxsplit=1)
    if len(parts) == 2:
        query |= Q(first_name_folded__contains=parts[0], last_name_folded__contains=parts[1])
    digits = phone_digits(words)
    if len(digits) >= MIN_PHONE_DIGITS:
        query |= Q(phone_digits__contains=digits)
    return query


def lead_queue(*, user, filters: QueueFilters) -> QuerySet[Lead]:
    """The leads ``user`` sees, narrowed by ``filters``: most urgent first, then oldest first.

    The primary key breaks ties so paging never skips or repeats a lead.
    """
    leads = visible_leads(user).select_related("assigned_to")
    if filters.status == "open":
        leads = leads.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        leads = leads.filter(status=filters.status)
    if filters.level:
        leads = leads.filter(level=filters.level)
    if filters.priority:
        # The same filter as priority=, but on the queue index's first column, so PostgreSQL
        # reads only that priority's part of the index instead of walking past the others.
        leads = leads.filter(priority_rank=PRIORITY_RANK[Priority(filters.priority)])
    if filters.assigned == "mine":
        leads = leads.filter(assigned_to=user)
    elif filters.assigned == "unassigned":
        leads = leads.filter(assigned_to__isnull=True)
    if filters.language:
        leads = leads.filter(language=filters.language)
    if filters.created_from:
        leads = leads.filter(created_at__gte=_start_of_day(filters.created_from))
    if filters.created_to:
        leads = leads.filter(created_at__lt=_start_of_day(filters.created_to + timedelta(days=1)))
    if filters.search.strip():
        leads = leads.alias(**SEARCH_COLUMNS).filter(_search_q(filters.search))
    if filters.overdue:
        leads = leads.filter(overdue_q(timezone.now()))
    return leads.order_by("priority_rank", "created_at", "pk")


def with_flag_codes(leads: QuerySet[Lead]) -> QuerySet[Lead]:
    """Each lead with ``flag_codes``, its assessment's flags, read by the database alone: the
    queue shows the top one without loading (and decoding) the whole assessment."""
    return leads.annotate(flag_codes=KeyTransform("flags", "assessment"))


# --- Keyset paging ----------------------------------------------------------------------------


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class BadCursor(ValueError):
    """A page link that was not made by ``queue_page``."""


@dataclass(frozen=True)
class _Position:
    rank: int
    created_at: datetime
    pk: int

    @classmethod
    def of(cls, lead: Lead) -> "_Position":
        return cls(lead.priority_rank, lead.created_at, lead.pk)

    def encode(self, direction: str) -> str:
        # Exact integer microseconds: a float timestamp could be off by one and skip a lead.
        micros = (self.created_at - _EPOCH) // timedelta(microseconds=1)
        return f"{direction}{self.rank}.{micros}.{self.pk}"

    @classmethod
    def decode(cls, cursor: str) -> tuple[str, "_Position"]:
        try:
            direction, rest = cursor[0], cursor[1:]
            rank, micros, pk = (int(part) for part in rest.split("."))
            created_at = _EPOCH + timedelta(microseconds=micros)
        except (IndexError, ValueError, OverflowError) as exc:
            raise BadCursor(cursor) from exc
        if direction not in "ab" or rank < 0 or pk < 0:
            raise BadCursor(cursor)
        return direction, cls(rank, created_at, pk)


@dataclass
class QueuePage:
    """One page of the queue and the links around it."""

    leads: list[Lead]
    total: int
    total_is_capped: bool
    next_cursor: str | None = None
    previous_cursor: str | None = None
    first: bool = True


# The queue's order as one row value: PostgreSQL reads "the rows after this one" as a single
# range of the queue indexes and stops after a page, where the same condition spelt as an OR of
# three made it gather and sort every later lead (a quarter of a second at a million leads).
_ORDER_ROW = (
    '("admissions_lead"."priority_rank", "admissions_lead"."created_at", "admissions_lead"."id")'
)


def _row(position: _Position) -> tuple:
    return (
        position.rank,
        connection.ops.adapt_datetimefield_value(position.created_at),
        position.pk,
    )


# "At or after, but not this lead" rather than "after": PostgreSQL estimates a row comparison
# from its first column alone, and "rank > the last rank" would look empty to it (it then
# joins and sorts every later lead instead of reading a page in index order and stopping).
def _after(position: _Position) -> RawSQL:
    # Only the position's own numbers and time go in, as parameters.
    return RawSQL(  # noqa: S611
        f'{_ORDER_ROW} >= (%s, %s, %s) AND "admissions_lead"."id" <> %s',
        (*_row(position), position.pk),
        output_field=BooleanField(),
    )


def _before(position: _Position) -> RawSQL:
    return RawSQL(  # noqa: S611
        f'{_ORDER_ROW} <= (%s, %s, %s) AND "admissions_lead"."id" <> %s',
        (*_row(position), position.pk),
        output_field=BooleanField(),
    )


def queue_page(queue: QuerySet[Lead], *, cursor: str = "", size: int = PAGE_SIZE) -> QueuePage:
    """A page of ``queue`` (ordered as ``lead_queue`` orders it) by keyset, two queries in all.

    Keyset paging ("the 50 after this lead") stays fast on deep pages and does not shift when new
    leads arrive while someone is reading. The total is counted up to ``COUNT_CAP``.
    """
    # Count ids only: selecting whole rows (with their JSON answers) makes the count slow.
    counted = queue.order_by().select_related(None).values("pk")[: COUNT_CAP + 1].count()
    total = min(counted, COUNT_CAP)
    capped = counted > COUNT_CAP

    direction, position = _Position.decode(cursor) if cursor else ("", None)
    if direction == "b":
        rows = list(
            queue.filter(_before(position)).order_by("-priority_rank", "-created_at", "-pk")[
                : size + 1
            ]
        )
        if len(rows) > size:
            leads = list(reversed(rows[:size]))
            return QueuePage(
                leads=leads,
                total=total,
                total_is_capped=capped,
                next_cursor=_Position.of(leads[-1]).encode("a"),
                previous_cursor=_Position.of(leads[0]).encode("b"),
                first=False,
            )
        # Fewer than a page before this point: that is the start of the queue.
        direction, position = "", None

    page_query = queue.filter(_after(position)) if position else queue
    rows = list(page_query[: size + 1])
    leads = rows[:size]
    return QueuePage(
        leads=leads,
        total=total,
        total_is_capped=capped,
        next_cursor=_Position.of(leads[-1]).encode("a") if len(rows) > size else None,
        previous_cursor=_Position.of(leads[0]).encode("b") if position and leads else None,
        first=position is None,
    )


# --- One lead ---------------------------------------------------------------------------------


def lead_detail(*, user, lead_id: int) -> Lead:
    """The lead, if ``user`` may see it (raises ``Lead.DoesNotExist`` otherwise)."""
    return visible_leads(user).select_related("assigned_to").get(pk=lead_id)


def open_lead_for_booking(lead_id: int) -> Lead | None:
    """The person's own lead while it is open, with what booking needs to confirm it."""
    return (
        Lead.objects.filter(pk=lead_id, status__in=OPEN_STATUSES)
        .only("pk", "status", "email", "phone", "consent_to_texts")
        .first()
    )


def lead_of_submission(submission_key: str) -> Lead | None:
    """The lead a submission (a screening, a line of an import) already made, if any."""
    return Lead.objects.filter(submission_key=submission_key).first() if submission_key else None


def lead_timeline(*, lead: Lead) -> QuerySet[LeadEvent]:
    """Everything that happened to the lead, newest first (what staff need before calling)."""
    return lead.events.select_related("actor").order_by("-created_at", "-pk")


def assignable_counsellors() -> QuerySet:
    """Users a supervisor can hand a lead to: active counsellors, by name."""
    return (
        get_user_model()
        .objects.filter(counsellor__in=routable_profiles())
        .order_by("first_name", "last_name", "username")
    )


# --- The dashboard ----------------------------------------------------------------------------


_DASHBOARD_GROUPS = {
    "by_status": ("status", Status.choices),
    "by_level": ("level", Level.choices),
    "by_priority": ("priority", Priority.choices),
    "by_source": ("source", Source.choices),
}


def _grouped_counts() -> dict[str, list[tuple[str, str, int]]]:
    """Leads per status, level, priority and source.

    The numbers of each combination of the four (a few hundred at most) are kept by the
    database as leads change (``admissions.lead_counts``), so this reads the same few rows at a
    hundred leads or a million; the four groups are summed from the combinations here.
    """
    found: dict[str, dict[str, int]] = {group: {} for group in _DASHBOARD_GROUPS}
    for row in lead_counts.combinations():
        for group, (field_name, _choices) in _DASHBOARD_GROUPS.items():
            counts = found[group]
            counts[row[field_name]] = counts.get(row[field_name], 0) + row["total"]
    return {
        group: [(value, label, found[group].get(value, 0)) for value, label in choices]
        for group, (_field, choices) in _DASHBOARD_GROUPS.items()
    }


def start_of_week(now: datetime) -> datetime:
    """Monday 00:00 in the site's time zone, for "this week" figures."""
    local = timezone.localtime(now)
    return _start_of_day(local.date() - timedelta(days=local.weekday()))


def median_time_to_first_contact(*, since: datetime) -> timedelta | None:
    """Median time from submission to first contact, over leads first contacted since ``since``."""
    pairs = Lead.objects.filter(first_contact_at__gte=since).values_list(
        "created_at", "first_contact_at"
    )
    waits = [(contacted - created).total_seconds() for created, contacted in pairs]
    if not waits:
        return None
    return timedelta(seconds=statistics.median(waits))


def dashboard_figures(*, now: datetime | None = None) -> dict:
    """The supervisor's overview: counts, this week's response time, what is overdue now."""
    now = now or timezone.now()
    week_start = start_of_week(now)
    return {
        **_grouped_counts(),
        "overdue_now": Lead.objects.filter(overdue_q(now)).count(),
        "open_urgent": Lead.objects.filter(
            status__in=OPEN_STATUSES, priority_rank=PRIORITY_RANK[Priority.URGENT]
        ).count(),
        "week_start": week_start,
        "median_first_contact": median_time_to_first_contact(since=week_start),
    }


# --- The audit log ----------------------------------------------------------------------------


def audit_entries(*, lead_id: int | None = None, before: int | None = None) -> list[AuditEntry]:
    """A page of the audit log, newest first, optionally for one lead and before an entry id."""
    entries = AuditEntry.objects.select_related("user").order_by("-pk")
    if lead_id is not None:
        entries = entries.filter(lead_id=lead_id)
    if before is not None:
        entries = entries.filter(pk__lt=before)
    return list(entries[: AUDIT_PAGE_SIZE + 1])


def audit_corrections(entries: list[AuditEntry]) -> dict[int, ContactCorrection]:
    """The ``ContactCorrection`` rows that the contact corrections among ``entries`` name, by
    id, in one query: the old and new values the audit log itself does not hold."""
    ids = [
        pk
        for entry in entries
        if entry.action == Action.CONTACT_CORRECT
        for pk in (entry.detail.get("corrected") or {}).values()
    ]
    return ContactCorrection.objects.in_bulk(ids) if ids else {}


# --- Follow-ups: "My day" ---------------------------------------------------------------------


def my_day(*, user, now: datetime | None = None) -> list:
    """The open follow-ups ``user`` owns that are due by the end of today (overdue first, then
    in order), with the supervisors' decisions for a supervisor. One query, lead included."""
    from admissions.access import is_supervisor
    from admissions.models import FollowUp

    now = now or timezone.now()
    end_of_day = _start_of_day(timezone.localdate(now) + timedelta(days=1))
    mine = Q(assigned_to=user) & ~Q(kind=FollowUp.Kind.DECISION)
    if is_supervisor(user):
        mine |= Q(kind=FollowUp.Kind.DECISION)
    return list(
        FollowUp.objects.filter(mine, done_at__isnull=True, due_at__lt=end_of_day)
        .filter(lead__status__in=OPEN_STATUSES)
        .select_related("lead")
        .defer("lead__answers", "lead__assessment", "lead__message")
        .order_by("due_at", "pk")
    )
