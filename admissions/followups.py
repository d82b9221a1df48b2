"""Follow-ups: every open lead's next action, the cadence after unanswered attempts, snoozing,
and the notices when one falls due.

Writes here run inside the transaction of the lead action that causes them (``pipeline``
locks the lead first), or lock the lead themselves; each adds a timeline event and an audit
entry. ``notify_due`` is the plain function the beat task calls (tests call it directly).
"""

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from admissions import notifications
from admissions.access import can_work_on
from admissions.audit import record_audit
from admissions.cadence import Cadence, parse_cadence
from admissions.models import OPEN_STATUSES, ContactMethod, FollowUp, Lead, LeadEvent
from admissions.roles import supervisors

# Outcomes that leave the person still to be reached: the cadence proposes the next try.
NOT_REACHED = ("no_answer", "left_message")
# The channel of an attempt → the kind of the next try.
KIND_OF_CHANNEL = {
    "call": FollowUp.Kind.CALL,
    "text": FollowUp.Kind.TEXT,
    "email": FollowUp.Kind.EMAIL,
}
# Kinds staff may choose by hand (a decision is asked for by the cadence alone).
CHOSEN_KINDS = [kind for kind in FollowUp.Kind if kind != FollowUp.Kind.DECISION]
# Follow-ups notified per run of the beat task, so one run stays short.
NOTIFY_BATCH = 200


class FollowUpAudit:
    SET = "follow_up_set"
    SNOOZE = "follow_up_snooze"
    DONE = "follow_up_done"
    DECISION = "decision_needed"


class FollowUpRefused(Exception):
    """The follow-up cannot be set as asked; ``message`` says why, kindly, and ``field`` names
    what was at fault (empty when it is the lead itself)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def cadence() -> Cadence:
    """The centre's cadence (settings are checked when the app starts)."""
    return parse_cadence(
        settings.DOORWAY_FOLLOWUP_CADENCE,
        max_attempts=settings.DOORWAY_FOLLOWUP_ATTEMPTS,
        morning_hour=settings.DOORWAY_FOLLOWUP_MORNING_HOUR,
    )


def open_follow_up(lead: Lead) -> FollowUp | None:
    """The lead's next action, if it has one."""
    return lead.follow_ups.filter(done_at__isnull=True).select_related("assigned_to").first()


def _close_open(lead: Lead, now: datetime) -> int:
    return lead.follow_ups.filter(done_at__isnull=True).update(done_at=now, updated_at=now)


def unanswered_attempts(lead: Lead) -> int:
    """Contact attempts since the person was last reached (all of them if never)."""
    outcomes = (
        lead.events.filter(kind=LeadEvent.Kind.CONTACT_ATTEMPT)
        .order_by("-created_at", "-pk")
        .values_list("data__outcome", flat=True)
    )
    count = 0
    for outcome in outcomes:
        if outcome not in NOT_REACHED:
            break
        count += 1
    return count


def _event_data(follow_up: FollowUp, api_key: str = "", **extra) -> dict:
    data = {
        "follow_up_id": follow_up.pk,
        "kind": follow_up.kind,
        "due_at": follow_up.due_at.isoformat(),
        **extra,
    }
    if api_key:
        data["api_key"] = api_key
    return data


# How the person asked to be reached → the kind of the first try.
KIND_OF_CONTACT_METHOD = {
    ContactMethod.PHONE: FollowUp.Kind.CALL,
    ContactMethod.TEXT: FollowUp.Kind.TEXT,
    ContactMethod.EMAIL: FollowUp.Kind.EMAIL,
}


def plan_first(*, lead: Lead, actor=None) -> FollowUp:
    """A new lead's first next action, in the transaction that creates it: reach the person
    the way they asked, by the first-contact deadline of their priority. It has no owner until
    routing (or a claim) gives the lead one; ``assign_open`` then hands it over."""
    from admissions.selectors import escalation_deadlines

    user = actor if actor is not None and actor.is_authenticated else None
    follow_up = FollowUp.objects.create(
        lead=lead,
        kind=KIND_OF_CONTACT_METHOD.get(lead.contact_method, FollowUp.Kind.CALL),
        due_at=lead.created_at + escalation_deadlines()[lead.priority],
        assigned_to=lead.assigned_to,
        created_by=user,
    )
    data = _event_data(follow_up, first=True)
    LeadEvent.objects.create(lead=lead, kind=LeadEvent.Kind.FOLLOW_UP_SET, actor=user, data=data)
    record_audit(user=user, action=FollowUpAudit.SET, lead=lead, detail=data)
    return follow_up


def assign_open(*, lead: Lead) -> int:
    """The lead has a new owner: its open next action (not a supervisor's decision) is theirs."""
    return (
        lead.follow_ups.filter(done_at__isnull=True)
        .exclude(kind=FollowUp.Kind.DECISION)
        .exclude(assigned_to_id=lead.assigned_to_id)
        .update(assigned_to_id=lead.assigned_to_id, notified_at=None, updated_at=timezone.now())
    )


def plan_after_attempt(*, lead: Lead, user, channel: str, outcome: str, now: datetime):
    """After a contact attempt on a locked lead: the open follow-up is done, and when the
    person was not reached the cadence proposes the next try, or, after the last attempt, asks
    a supervisor for a decision. Returns the new follow-up (or None)."""
    _close_open(lead, now)
    if outcome not in NOT_REACHED or lead.status not in OPEN_STATUSES:
        return None
    attempts = unanswered_attempts(lead)
    due = cadence().next_try(attempts=attempts, after=now, zone=timezone.get_current_timezone())
    if due is None:
        follow_up = FollowUp.objects.create(
            lead=lead,
            kind=FollowUp.Kind.DECISION,
            due_at=now,
            attempt=attempts,
            created_by=user,
        )
        data = _event_data(follow_up, attempts=attempts)
        LeadEvent.objects.create(lead=lead, kind=LeadEvent.Kind.DECISION_NEEDED, data=data)
        record_audit(user=user, action=FollowUpAudit.DECISION, lead=lead, detail=data)
        return follow_up
    follow_up = FollowUp.objects.create(
        lead=lead,
        kind=KIND_OF_CHANNEL.get(channel, FollowUp.Kind.CALL),
        due_at=due,
        assigned_to=lead.assigned_to or user,
        attempt=attempts,
        created_by=user,
    )
    data = _event_data(follow_up, attempt=attempts, proposed=True)
    LeadEvent.objects.create(lead=lead, kind=LeadEvent.Kind.FOLLOW_UP_SET, actor=user, data=data)
    record_audit(user=user, action=FollowUpAudit.SET, lead=lead, detail=data)
    return follow_up


def close_follow_ups(*, lead: Lead) -> None:
    """The lead left the open statuses: nothing more is due on it."""
    _close_open(lead, timezone.now())


def _locked_lead(lead_id: int, user, api_key: str = "") -> Lead:
    """The lead, locked. Staff must work on it; an integration (``api_key``: its key's prefix,
    ``user`` None) was allowed by its key's scope."""
    lead = (
        Lead.objects.select_for_update(of=("self",)).select_related("assigned_to").get(pk=lead_id)
    )
    if not (api_key and user is None) and not can_work_on(user, lead):
        raise PermissionDenied
    if lead.status not in OPEN_STATUSES:
        raise FollowUpRefused(_("This lead is closed: it has no next action."))
    return lead


@transaction.atomic
def follow_up_set(
    *, lead_id: int, user, kind: str, due_at: datetime, ip: str | None = None, api_key: str = ""
) -> FollowUp:
    """Set the lead's next action (it replaces the open one, which is kept as done)."""
    lead = _locked_lead(lead_id, user, api_key)
    if kind not in CHOSEN_KINDS:
        raise FollowUpRefused(_("Choose what the next action is."), field="kind")
    now = timezone.now()
    if due_at < now - timedelta(minutes=1):
        raise FollowUpRefused(_("Choose a time from now on."), field="due_at")
    _close_open(lead, now)
    follow_up = FollowUp.objects.create(
        lead=lead, kind=kind, due_at=due_at, assigned_to=lead.assigned_to or user, created_by=user
    )
    data = _event_data(follow_up, api_key)
    LeadEvent.objects.create(lead=lead, kind=LeadEvent.Kind.FOLLOW_UP_SET, actor=user, data=data)
    record_audit(user=user, action=FollowUpAudit.SET, lead=lead, ip=ip, detail=data)
    return follow_up


@transaction.atomic
def follow_up_snooze(
    *, lead_id: int, user, until: datetime, reason: str, ip: str | None = None
) -> FollowUp:
    """Move the open follow-up later, with a reason (on the timeline; the audit log keeps only
    that there was one)."""
    lead = _locked_lead(lead_id, user)
    follow_up = lead.follow_ups.select_for_update().filter(done_at__isnull=True).first()
    if follow_up is None:
        raise FollowUpRefused(_("There is no next action to snooze."))
    reason = reason.strip()
    if not reason:
        raise FollowUpRefused(_("Say why the next action waits."), field="reason")
    if until <= timezone.now():
        raise FollowUpRefused(_("Choose a later time to snooze to."), field="until")
    follow_up.due_at = until
    follow_up.snooze_reason = reason
    follow_up.notified_at = None
    follow_up.save(update_fields=["due_at", "snooze_reason", "notified_at", "updated_at"])
    data = _event_data(follow_up)
    LeadEvent.objects.create(
        lead=lead, kind=LeadEvent.Kind.FOLLOW_UP_SNOOZED, actor=user, data=data, body=reason
    )
    record_audit(user=user, action=FollowUpAudit.SNOOZE, lead=lead, ip=ip, detail=data)
    return follow_up


@transaction.atomic
def follow_up_done(*, lead_id: int, user, ip: str | None = None, api_key: str = "") -> None:
    """The next action was done (without a contact attempt to log, e.g. a benefits check)."""
    lead = _locked_lead(lead_id, user, api_key)
    follow_up = lead.follow_ups.filter(done_at__isnull=True).first()
    if follow_up is None:
        raise FollowUpRefused(_("There is no next action to mark done."))
    _close_open(lead, timezone.now())
    record_audit(
        user=user,
        action=FollowUpAudit.DONE,
        lead=lead,
        ip=ip,
        detail=_event_data(follow_up, api_key),
    )


# --- Notices when follow-ups fall due --------------------------------------------------------


FOLLOW_UP_DUE_SUBJECT = gettext_noop("A follow-up is due")
DECISION_DUE_SUBJECT = gettext_noop("A lead needs a supervisor's decision")


@notifications.in_staff_language
def follow_up_due_notice(follow_up_id: int, lead_id: int, decision: bool) -> notifications.Notice:
    """For whoever owns the follow-up: that one is due, and where (nothing about the person)."""
    subject = _(DECISION_DUE_SUBJECT if decision else FOLLOW_UP_DUE_SUBJECT)
    body = _("%(subject)s.\n\nOpen the lead here (sign-in required):\n%(url)s\n") % {
        "subject": subject,
        "url": notifications.lead_url(lead_id),
    }
    return notifications.Notice(subject, body, key=f"doorway-follow-up-{follow_up_id}")


def _send_due_notice(follow_up_id: int) -> None:
    follow_up = FollowUp.objects.select_related("assigned_to").get(pk=follow_up_id)
    decision = follow_up.kind == FollowUp.Kind.DECISION
    if decision or follow_up.assigned_to is None:
        recipients = list(supervisors())
    else:
        recipients = [follow_up.assigned_to]
    stamp = int(follow_up.due_at.timestamp())
    notice = follow_up_due_notice(follow_up.pk, follow_up.lead_id, decision)
    keyed = notifications.Notice(notice.subject, notice.body, key=f"{notice.key}-{stamp}")
    notifications.send(recipients, keyed)


def notify_due(*, now: datetime | None = None) -> list[int]:
    """Tell owners about open follow-ups that fell due; the ids notified. Each is notified
    once per due time (a conditional update marks it; the notice goes after the commit);
    snoozing it makes it due again later."""
    now = now or timezone.now()
    due = (
        FollowUp.objects.filter(done_at__isnull=True, notified_at__isnull=True, due_at__lte=now)
        .order_by("due_at")
        .values_list("pk", flat=True)[:NOTIFY_BATCH]
    )
    notified: list[int] = []
    for follow_up_id in list(due):
        with transaction.atomic():
            marked = FollowUp.objects.filter(
                pk=follow_up_id, done_at__isnull=True, notified_at__isnull=True
            ).update(notified_at=now)
            if not marked:
                continue
            transaction.on_commit(partial(_send_due_notice, follow_up_id))
        notified.append(follow_up_id)
    return notified
