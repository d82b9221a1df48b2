"""A supervisor merges two leads that are the same person.

Staff choose the lead to keep (the page suggests the older one). Everything of the other one
moves to it: its timeline (attempts, notes, every event, at their own times), follow-ups,
bookings, clinician confirmations, consents and disclosures, insurance cards, benefits checks and
waiting-list entries.
The other lead stays, closed, with ``merged_into`` pointing at the one kept, so a link to it still
leads somewhere; its audit entries stay with it (the log is append-only). Both timelines and the
audit log say who merged what.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import Perm, allows
from admissions import followups, waiting_list
from admissions.access import can_work_on
from admissions.audit import record_audit
from admissions.models import (
    OPEN_STATUSES,
    Booking,
    Consent,
    Disclosure,
    FollowUp,
    InsuranceCard,
    Lead,
    LeadEvent,
    LevelConfirmation,
    Status,
)

MERGE = "merge"
# Contact details the kept lead takes from the other one when its own are blank.
FILLED_WHEN_BLANK = ("last_name", "phone", "email")


class MergeRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _moved(model, *, other: Lead, keep: Lead) -> int:
    return model.objects.filter(lead=other).update(lead=keep)


@transaction.atomic
def leads_merge(*, keep_id: int, other_id: int, user, ip: str | None = None) -> Lead:
    """Merge lead ``other_id`` into lead ``keep_id``; the lead kept."""
    if not allows(user, Perm.MERGE_LEADS):
        raise PermissionDenied
    if keep_id == other_id:
        raise MergeRefused(_("Choose two different leads."))
    # Both locked, always in the same order, so two merges at once cannot deadlock.
    locked = {
        lead.pk: lead
        for lead in Lead.objects.select_for_update(of=("self",))
        .filter(pk__in=(keep_id, other_id))
        .order_by("pk")
    }
    if len(locked) != 2:
        raise Lead.DoesNotExist
    keep, other = locked[keep_id], locked[other_id]
    if not (can_work_on(user, keep) and can_work_on(user, other)):
        raise PermissionDenied
    if keep.merged_into_id is not None or other.merged_into_id is not None:
        raise MergeRefused(_("One of these leads has already been merged."))
    if other.status not in OPEN_STATUSES:
        raise MergeRefused(_("The lead merged away must still be open; keep it instead."))
    if not keep.possible_duplicates.filter(pk=other.pk).exists():
        raise MergeRefused(_("Only leads marked as possible duplicates can be merged."))
    if Booking.objects.filter(lead__in=(keep, other), status=Booking.Status.BOOKED).count() > 1:
        raise MergeRefused(
            _("Both leads have an assessment booked: cancel one of the bookings first.")
        )

    # The other's next action ends (the kept lead has its own); then its history moves.
    if (
        keep.status in OPEN_STATUSES
        and not FollowUp.objects.filter(lead=keep, done_at__isnull=True).exists()
    ):
        FollowUp.objects.filter(lead=other, done_at__isnull=True).update(lead=keep)
    followups.close_follow_ups(lead=other)
    waiting_moved = waiting_list.entries_merge(other=other, keep=keep, user=user)
    moved = {
        "events": _moved(LeadEvent, other=other, keep=keep),
        "follow_ups": _moved(FollowUp, other=other, keep=keep),
        "bookings": _moved(Booking, other=other, keep=keep),
        "confirmations": _moved(LevelConfirmation, other=other, keep=keep),
        "consents": _moved(Consent, other=other, keep=keep),
        "disclosures": _moved(Disclosure, other=other, keep=keep),
        "insurance_cards": _moved(InsuranceCard, other=other, keep=keep),
        "waiting_list_entries": waiting_moved,
    }
    from benefits.models import BenefitsCheck, Coverage

    moved["benefits_checks"] = _moved(BenefitsCheck, other=other, keep=keep)
    if not Coverage.objects.filter(lead=keep).exists():
        moved["coverage"] = _moved(Coverage, other=other, keep=keep)

    filled = [
        name for name in FILLED_WHEN_BLANK if not getattr(keep, name) and getattr(other, name)
    ]
    for name in filled:
        setattr(keep, name, getattr(other, name))
    if "phone" in filled:
        keep.phone_digits = other.phone_digits
    if keep.first_contact_at is None or (
        other.first_contact_at is not None and other.first_contact_at < keep.first_contact_at
    ):
        keep.first_contact_at = other.first_contact_at
    keep.save(update_fields=[*filled, "phone_digits", "first_contact_at", "updated_at"])

    # The other's possible duplicates are now the kept lead's.
    links = list(other.possible_duplicates.exclude(pk=keep.pk).values_list("pk", flat=True))
    other.possible_duplicates.clear()
    if links:
        keep.possible_duplicates.add(*links)

    change = {"from": other.status, "to": Status.CLOSED}
    other.status = Status.CLOSED
    other.close_reason = _("Merged into lead %(id)s") % {"id": keep.pk}
    other.merged_into = keep
    other.save(update_fields=["status", "close_reason", "merged_into", "updated_at"])

    LeadEvent.objects.create(
        lead=keep,
        kind=LeadEvent.Kind.MERGED,
        actor=user,
        data={"merged_lead_id": other.pk, "moved": moved, "filled": filled},
    )
    LeadEvent.objects.create(
        lead=other, kind=LeadEvent.Kind.MERGED_INTO, actor=user, data={"into": keep.pk, **change}
    )
    detail = {"kept_lead_id": keep.pk, "merged_lead_id": other.pk, "moved": moved}
    record_audit(user=user, action=MERGE, lead=keep, ip=ip, detail=detail)
    record_audit(user=user, action=MERGE, lead=other, ip=ip, detail=detail)
    return keep
