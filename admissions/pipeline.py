"""Staff actions on a lead: claim, reassign, log a contact attempt, add a note, move its status.

Each action is one transaction that locks the lead, changes it, adds a timeline event and appends
an audit entry, so the timeline and the audit log can never disagree with the lead. Permission
checks live here too (not only in the views) because every caller must obey them.
"""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from admissions import followups, waiting_list
from admissions.access import can_add_note, can_claim, can_work_on, is_counsellor, is_supervisor
from admissions.audit import Action, record_audit
from admissions.models import OPEN_STATUSES, Lead, LeadEvent, Status
from admissions.roles import routable_profiles
from admissions.selectors import CLOSING_STATUSES
from programs.models import Program


class Channel(models.TextChoices):
    CALL = "call", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("Email")


class Outcome(models.TextChoices):
    REACHED = "reached", _("Reached them")
    NO_ANSWER = "no_answer", _("No answer")
    LEFT_MESSAGE = "left_message", _("Left a message")
    WRONG_NUMBER = "wrong_number", _("Wrong number or address")
    DECLINED = "declined", _("Reached, not interested now")


# The pipeline, declared once: each status and the statuses a lead in it may move to. Any open
# lead may end (admitted, referred out, not admitted, closed: ``CLOSING_STATUSES``, each with a
# reason); an ended lead may only be reopened as "contacted"; nothing goes back to "new", which
# means nobody has reached out yet. Booking an assessment moves a lead on by itself.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.NEW: (Status.CONTACTED, Status.ASSESSMENT_SCHEDULED, *CLOSING_STATUSES),
    Status.CONTACTED: (Status.ASSESSMENT_SCHEDULED, *CLOSING_STATUSES),
    Status.ASSESSMENT_SCHEDULED: (Status.CONTACTED, *CLOSING_STATUSES),
    Status.ADMITTED: (Status.CLOSED,),
    Status.REFERRED_OUT: (Status.CONTACTED,),
    Status.NOT_ADMITTED: (Status.CONTACTED,),
    Status.CLOSED: (Status.CONTACTED,),
}


def allowed_moves(status: str) -> tuple[str, ...]:
    """The statuses a lead in ``status`` may move to."""
    return TRANSITIONS.get(status, ())


class ActionRefused(Exception):
    """The action cannot happen as asked (already claimed, missing close reason, ...)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ProgramFull(ActionRefused):
    """Admitting found no open place: the lead page offers the program's waiting list."""

    def __init__(self, message: str, program_id: int) -> None:
        super().__init__(message)
        self.program_id = program_id


def _locked(lead_id: int) -> Lead:
    return Lead.objects.select_for_update().get(pk=lead_id)


@transaction.atomic
def claim(*, lead_id: int, user, ip: str | None = None) -> Lead:
    """``user`` takes responsibility for the lead (unassigned, or routed to them)."""
    lead = _locked(lead_id)
    if not can_claim(user, lead):
        if lead.assigned_to_id == user.pk:
            raise ActionRefused(_("You have already claimed this lead."))
        if is_counsellor(user) and lead.assigned_to_id is not None:
            raise ActionRefused(_("Another counsellor has this lead; ask a supervisor."))
        raise PermissionDenied
    now = timezone.now()
    lead.assigned_to = user
    lead.claimed_at = now
    lead.save(update_fields=["assigned_to", "claimed_at", "updated_at"])
    LeadEvent.objects.create(lead=lead, kind=LeadEvent.Kind.CLAIMED, actor=user)
    followups.assign_open(lead=lead)
    record_audit(user=user, action=Action.CLAIM, lead=lead, ip=ip)
    return lead


@transaction.atomic
def reassign(*, lead_id: int, user, to_user_id: int, ip: str | None = None) -> Lead:
    """A supervisor hands the lead to another counsellor, who then claims it."""
    if not is_supervisor(user):
        raise PermissionDenied
    lead = _locked(lead_id)
    if not routable_profiles().filter(user_id=to_user_id).exists():
        raise ActionRefused(_("Choose an active counsellor."))
    if lead.assigned_to_id == to_user_id:
        raise ActionRefused(_("The lead is already with this counsellor."))
    previous = lead.assigned_to_id
    lead.assigned_to_id = to_user_id
    # The new counsellor has not taken it yet: unclaimed urgent leads still escalate.
    lead.claimed_at = None
    lead.save(update_fields=["assigned_to", "claimed_at", "updated_at"])
    change = {"from_user_id": previous, "to_user_id": to_user_id}
    LeadEvent.objects.create(lead=lead, kind=LeadEvent.Kind.REASSIGNED, actor=user, data=change)
    followups.assign_open(lead=lead)
    record_audit(user=user, action=Action.REASSIGN, lead=lead, ip=ip, detail=change)
    return lead


@transaction.atomic
def log_contact_attempt(
    *, lead_id: int, user, channel: str, outcome: str, body: str = "", ip: str | None = None
) -> Lead:
    """Record a call, text or email and how it went; the first one stops the overdue clock."""
    lead = _locked(lead_id)
    if not can_work_on(user, lead):
        raise PermissionDenied
    if channel not in Channel.values or outcome not in Outcome.values:
        raise ActionRefused(_("Choose how you reached out and how it went."))
    fields = ["updated_at"]
    now = timezone.now()
    if lead.first_contact_at is None:
        lead.first_contact_at = now
        fields.append("first_contact_at")
    lead.save(update_fields=fields)
    data = {"channel": channel, "outcome": outcome}
    LeadEvent.objects.create(
        lead=lead, kind=LeadEvent.Kind.CONTACT_ATTEMPT, actor=user, data=data, body=body
    )
    record_audit(user=user, action=Action.CONTACT_ATTEMPT, lead=lead, ip=ip, detail=data)
    # Not reached: the cadence proposes the next try (or asks a supervisor to decide).
    lead.next_follow_up = followups.plan_after_attempt(
        lead=lead, user=user, channel=channel, outcome=outcome, now=now
    )
    return lead


@transaction.atomic
def add_note(*, lead_id: int, user, body: str, ip: str | None = None) -> LeadEvent:
    """A note on the lead's timeline, visible to staff who can see the lead."""
    lead = _locked(lead_id)
    if not can_add_note(user, lead):
        raise PermissionDenied
    if not body.strip():
        raise ActionRefused(_("Write the note first."))
    event = LeadEvent.objects.create(
        lead=lead, kind=LeadEvent.Kind.NOTE, actor=user, body=body.strip()
    )
    lead.save(update_fields=["updated_at"])
    record_audit(user=user, action=Action.NOTE, lead=lead, ip=ip, detail={"event_id": event.pk})
    return event


@transaction.atomic
def change_status(
    *,
    lead_id: int,
    user,
    status: str,
    reason: str = "",
    program_id: int | None = None,
    provider: str = "",
    ip: str | None = None,
) -> Lead:
    """Move the lead along the pipeline; closing it (any final status) needs a reason.
    Admitting it names the program (``program_id``); referring it out names the provider."""
    lead = _locked(lead_id)
    if not can_work_on(user, lead):
        raise PermissionDenied
    if status not in Status.values:
        raise ActionRefused(_("Choose a status."))
    if status == lead.status:
        raise ActionRefused(_("The lead already has this status."))
    if status not in allowed_moves(lead.status):
        raise ActionRefused(
            _("A lead cannot move from “%(from)s” to “%(to)s”.")
            % {"from": Status(lead.status).label, "to": Status(status).label}
        )
    reason = reason.strip()
    if status in CLOSING_STATUSES and not reason:
        raise ActionRefused(_("Say why the lead is closing."))
    change = {"from": lead.status, "to": status}
    fields = ["status", "close_reason", "updated_at"]
    if status == Status.ADMITTED:
        program = Program.objects.filter(pk=program_id).first() if program_id else None
        if program is None:
            raise ActionRefused(_("Choose the program the lead is admitted to."))
        # Admitting takes one of the program's open places (when it counts them), at once.
        taken = Program.objects.filter(pk=program.pk, open_places__gt=0).update(
            open_places=models.F("open_places") - 1
        )
        if program.open_places is not None and not taken:
            raise ProgramFull(
                _(
                    "%(program)s has no open place (full — waiting list). If one has freed up, "
                    "update its open places first, or add the lead to its waiting list."
                )
                % {"program": program.name},
                program_id=program.pk,
            )
        lead.admitted_program = program
        change["program_id"] = program.pk
        fields.append("admitted_program")
    elif status == Status.REFERRED_OUT:
        provider = provider.strip()
        if not provider:
            raise ActionRefused(_("Name the provider the lead is referred to."))
        lead.referred_to = provider[:200]
        change["provider"] = lead.referred_to
        fields.append("referred_to")
    given_back = 0
    if lead.status == Status.ADMITTED and lead.admitted_program_id is not None:
        # Discharged: the place is free again (never more than the program has).
        given_back = Program.objects.filter(
            pk=lead.admitted_program_id,
            open_places__isnull=False,
            open_places__lt=models.F("capacity"),
        ).update(open_places=models.F("open_places") + 1)
    lead.status = status
    lead.close_reason = reason if status in CLOSING_STATUSES else ""
    lead.save(update_fields=fields)
    event = LeadEvent.objects.create(
        lead=lead, kind=LeadEvent.Kind.STATUS_CHANGED, actor=user, data=change, body=reason
    )
    waiting_list.lead_status_changed(lead=lead, status=status, user=user, program_id=program_id)
    if given_back:
        waiting_list.place_given_back(program_id=lead.admitted_program_id, event_id=event.pk)
    record_audit(user=user, action=Action.STATUS_CHANGE, lead=lead, ip=ip, detail=change)
    if status not in OPEN_STATUSES:
        followups.close_follow_ups(lead=lead)
    return lead
