"""Waiting lists: a lead waits for a place in a full program, oldest first.

Staff add a lead from its page when the program it should go to is full; the lead page shows
its place in line and the program's page lists everyone in order. When a discharge gives a place
back, the supervisors and whoever added the first in line are told (a task, after the commit,
with ids only; the notice names the program and the lead's number, nothing about the person).
Admitting a waiting lead to the program ends its entry; ending the lead any other way ends the
rest. Every change is on the lead's timeline and in the audit log.
"""

import logging
from functools import partial

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from admissions import notifications
from admissions.access import can_work_on
from admissions.audit import record_audit
from admissions.models import OPEN_STATUSES, Lead, LeadEvent, Status, WaitingListEntry
from admissions.roles import supervisors
from programs.models import Program

logger = logging.getLogger(__name__)

WAITING = WaitingListEntry.Status.WAITING
# Oldest first; the id breaks a tie between two added in the same instant.
ORDER = ("created_at", "pk")
# A program's page never lists more than this many people.
LIST_LIMIT = 200


class WaitingListAudit:
    """The audit log's actions for waiting lists."""

    ADD = "waiting_list_add"
    REMOVE = "waiting_list_remove"
    VIEW = "view_waiting_list"


class WaitingListRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Reads -----------------------------------------------------------------------------------


def waiting() -> QuerySet[WaitingListEntry]:
    return WaitingListEntry.objects.filter(status=WAITING)


def program_waiting_list(*, program_id: int) -> list[WaitingListEntry]:
    """The people waiting for a program, first in line first, each with ``position`` (1, 2, …).
    One query; only what the list shows (no names, no notes: the lead page has them)."""
    entries = list(
        waiting()
        .filter(program_id=program_id)
        .select_related("lead", "added_by")
        .only(
            "pk",
            "created_at",
            "lead__id",
            "lead__level",
            "lead__priority",
            "lead__status",
            "added_by__id",
            "added_by__username",
            "added_by__first_name",
            "added_by__last_name",
        )
        .order_by(*ORDER)[:LIST_LIMIT]
    )
    for position, entry in enumerate(entries, start=1):
        entry.position = position
    return entries


def _ahead_in_line() -> Subquery:
    """How many wait for the same program ahead of the entry (added earlier)."""
    ahead = (
        waiting()
        .filter(program=OuterRef("program"))
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("program")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Subquery(ahead, output_field=IntegerField())


def lead_waiting_lists(*, lead: Lead) -> list[WaitingListEntry]:
    """The programs a lead waits for, each with its ``position`` in line; one query."""
    return list(
        waiting()
        .filter(lead=lead)
        .select_related("program")
        .annotate(position=Coalesce(_ahead_in_line(), Value(0)) + 1)
        .order_by(*ORDER)
    )


def first_in_line(program_id: int) -> WaitingListEntry | None:
    return (
        waiting().filter(program_id=program_id).select_related("added_by").order_by(*ORDER).first()
    )


# --- Writes ----------------------------------------------------------------------------------


def _event(lead: Lead, kind: str, user, entry: WaitingListEntry, **data) -> None:
    LeadEvent.objects.create(
        lead=lead,
        kind=kind,
        actor=user if user is not None and user.is_authenticated else None,
        data={"program_id": entry.program_id, "program": entry.program.name, **data},
    )


@transaction.atomic
def waiting_list_add(
    *, lead_id: int, program_id: int, user, note: str = "", ip: str | None = None
) -> WaitingListEntry:
    """Put an open lead on a full program's waiting list, at the end of the line."""
    lead = Lead.objects.select_for_update(of=("self",)).get(pk=lead_id)
    if not can_work_on(user, lead):
        raise PermissionDenied
    if lead.status not in OPEN_STATUSES:
        raise WaitingListRefused(_("Only an open lead can wait for a program."))
    program = Program.objects.filter(pk=program_id).first()
    if program is None:
        raise WaitingListRefused(_("Choose a program."))
    if not program.is_full:
        raise WaitingListRefused(
            _("%(program)s is not full: admit the lead instead.") % {"program": program.name}
        )
    already = _("The lead is already on the waiting list for %(program)s.") % {
        "program": program.name
    }
    if waiting().filter(lead=lead, program=program).exists():
        raise WaitingListRefused(already)
    try:
        with transaction.atomic():
            entry = WaitingListEntry.objects.create(
                lead=lead, program=program, added_by=user, note=note.strip()
            )
    except IntegrityError:
        raise WaitingListRefused(already) from None
    _event(lead, LeadEvent.Kind.WAITING_LIST_ADDED, user, entry)
    lead.save(update_fields=["updated_at"])
    detail = {"program_id": program.pk, "entry_id": entry.pk}
    record_audit(user=user, action=WaitingListAudit.ADD, lead=lead, ip=ip, detail=detail)
    return entry


def _end(entry: WaitingListEntry, *, status: str, user, reason: str = "") -> None:
    entry.status = status
    entry.ended_at = timezone.now()
    entry.ended_by = user if user is not None and user.is_authenticated else None
    entry.end_reason = reason
    entry.save(update_fields=["status", "ended_at", "ended_by", "end_reason", "updated_at"])
    _event(entry.lead, LeadEvent.Kind.WAITING_LIST_ENDED, user, entry, how=status)


@transaction.atomic
def waiting_list_remove(
    *, lead_id: int, entry_id: int, user, reason: str, ip: str | None = None
) -> WaitingListEntry:
    """Take a lead off a waiting list; staff say why."""
    lead = Lead.objects.select_for_update(of=("self",)).get(pk=lead_id)
    if not can_work_on(user, lead):
        raise PermissionDenied
    entry = waiting().filter(lead=lead, pk=entry_id).select_related("program").first()
    if entry is None:
        raise WaitingListRefused(_("The lead is no longer on this waiting list."))
    reason = reason.strip()
    if not reason:
        raise WaitingListRefused(_("Say why the lead comes off the waiting list."))
    entry.lead = lead
    _end(entry, status=WaitingListEntry.Status.REMOVED, user=user, reason=reason)
    lead.save(update_fields=["updated_at"])
    detail = {"program_id": entry.program_id, "entry_id": entry.pk}
    record_audit(user=user, action=WaitingListAudit.REMOVE, lead=lead, ip=ip, detail=detail)
    return entry


def lead_status_changed(*, lead: Lead, status: str, user, program_id: int | None) -> list[int]:
    """Called by ``pipeline.change_status`` inside its transaction, the lead locked: admitted to
    a program it waits for ends that entry (admitted); a lead that is no longer open leaves
    every other list (the lead ended). The ids of the entries ended."""
    if status in OPEN_STATUSES:
        return []
    ended = []
    for entry in waiting().filter(lead=lead).select_related("program").order_by(*ORDER):
        entry.lead = lead
        admitted = status == Status.ADMITTED and entry.program_id == program_id
        how = WaitingListEntry.Status.ADMITTED if admitted else WaitingListEntry.Status.LEAD_CLOSED
        _end(entry, status=how, user=user)
        ended.append(entry.pk)
    return ended


def entries_merge(*, other: Lead, keep: Lead, user) -> int:
    """Called by ``admissions.merge``: the other lead's entries move to the kept one. Where both
    wait for one program, the earlier place in line stays and the later entry ends (removed,
    merged). How many entries moved."""
    kept = {
        entry.program_id: entry for entry in waiting().filter(lead=keep).select_related("program")
    }
    reason = _("Merged into lead %(id)s") % {"id": keep.pk}
    for entry in waiting().filter(lead=other).select_related("program"):
        mine = kept.get(entry.program_id)
        if mine is None:
            continue
        entry.lead, mine.lead = other, keep
        later = max(entry, mine, key=lambda e: (e.created_at, e.pk))
        _end(later, status=WaitingListEntry.Status.REMOVED, user=user, reason=reason)
    return WaitingListEntry.objects.filter(lead=other).update(lead=keep)


def place_given_back(*, program_id: int, event_id: int) -> None:
    """A discharge gave a place back (inside its transaction): after the commit, tell who needs
    to know, if anyone is waiting. ``event_id`` (the discharge) names the notice for good."""
    if waiting().filter(program_id=program_id).exists():
        transaction.on_commit(partial(_enqueue_place_opened, program_id, event_id))


def _enqueue_place_opened(program_id: int, event_id: int) -> None:
    from admissions.tasks import notify_place_opened  # the tasks module imports this one

    try:
        notify_place_opened.delay(program_id, event_id)
    except Exception:
        # The broker is down: the discharge stands; the list still shows who is first.
        logger.exception("Could not enqueue the place-opened notice for program %s.", program_id)


PLACE_OPENED_SUBJECT = gettext_noop("A place opened in %(program)s")


@notifications.in_staff_language
def place_opened_notice(program: Program, lead_id: int, event_id: int) -> notifications.Notice:
    """For supervisors and whoever added the first in line: the program and the lead's number
    only (the waiting list and the lead page are behind sign-in)."""
    subject = _(PLACE_OPENED_SUBJECT) % {"program": program.name}
    body = _(
        "A place opened in %(program)s; the first person on its waiting list is lead %(lead)s."
        "\n\nOpen the waiting list here (sign-in required):\n%(url)s\n"
    ) % {"program": program.name, "lead": lead_id, "url": waiting_list_url(program.pk)}
    return notifications.Notice(subject, body, key=f"doorway-place-opened-{event_id}")


def waiting_list_url(program_id: int) -> str:
    """The staff page of a program's waiting list (sign-in required)."""
    path = reverse("admissions:program_waiting_list", args=[program_id])
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def notify_place_opened(*, program_id: int, event_id: int) -> list[int]:
    """Tell the supervisors and whoever added the first in line that a place opened; the ids
    of the staff reached (none when nobody waits any more). Safe to run twice: the notice's
    key makes a repeat the same message."""
    first = first_in_line(program_id)
    if first is None:
        return []
    recipients: list[User] = list(supervisors())
    adder = first.added_by
    if adder is not None and adder.is_active and adder.pk not in {u.pk for u in recipients}:
        recipients.append(adder)
    program = Program.objects.get(pk=program_id)
    return notifications.send(recipients, place_opened_notice(program, first.lead_id, event_id))
