"""Writes that give a lead its life: creation, routing, notification, sweeping and escalation.

``lead_create`` is the one way a lead is born. Routing runs in a Celery task that calls
``lead_assign`` then ``lead_notify_once``; both are safe to run any number of times, so a
redelivered or duplicated task changes nothing. ``sweep_unrouted`` and ``escalate_unclaimed``
are plain functions that the periodic tasks call (and tests call directly).
"""

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from admissions import followups, notifications
from admissions.attribution import clean as attribution_clean
from admissions.models import (
    OPEN_STATUSES,
    PRIORITY_RANK,
    ContactMethod,
    ContactTime,
    CounsellorProfile,
    HeardAbout,
    Language,
    Lead,
    LeadEvent,
    RoutingState,
    Source,
    Status,
)
from admissions.roles import routable_profiles, supervisors
from admissions.routing import CounsellorSnapshot, Decision, LeadFacts, decide
from admissions.search import fold, phone_digits
from admissions.selectors import SEARCH_COLUMNS, lead_of_submission
from screening import Answers, InvalidAnswers, Problem, evaluate, parse_answers

logger = logging.getLogger(__name__)

# A lead still pending after this long lost its routing message (broker outage, lost task).
SWEEP_AFTER = timedelta(minutes=1)
# At most this many leads are re-enqueued per sweep, so one sweep stays short.
SWEEP_BATCH = 500
# How far back the sweeper looks for routed leads whose notification never went out.
NOTIFY_SWEEP_WINDOW = timedelta(days=1)
# How long a delivery that started sending a notice keeps it to itself. Longer than sending
# takes (the mail server has EMAIL_TIMEOUT to answer); after it, a redelivery sends again.
NOTICE_LEASE = timedelta(minutes=3)
# Statuses in which a lead still counts towards its counsellor's load.

CONTACT_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "email",
    "contact_method",
    "contact_time",
    "message",
    "heard_about",
)
_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()\-]+$")
_PHONE_DIGITS = (10, 15)
_NAME_MAX = 100
_MESSAGE_MAX = 2000
_CONSENT_VERSION_MAX = Lead._meta.get_field("consent_version").max_length
_SUBMISSION_KEY_MAX = Lead._meta.get_field("submission_key").max_length


class LeadInvalid(ValueError):
    """A lead that cannot be stored; ``problems`` lists every problem, answers and contact."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


# --- Creation ---------------------------------------------------------------------------------


def lead_create(
    *,
    answers: Answers | Mapping[str, Any],
    contact: Mapping[str, Any],
    source: str,
    consent_version: str,
    consent_to_texts: bool,
    language: str = Language.EN,
    actor: User | None = None,
    heard_about: str = "",
    submission_key: str = "",
    over_rate_limit: bool = False,
    attribution: Mapping[str, Any] | None = None,
) -> Lead:
    """Validate, screen and store a new lead; routing is enqueued once the transaction commits.

    ``answers`` is the typed ``Answers`` (from the wizard or a form) or, at the edges (the API,
    an import), the answers JSON object, checked here. Raises ``LeadInvalid`` with every problem
    found. ``heard_about`` may also be given inside
    ``contact``. A broker outage never fails the call: the lead stays pending and the sweeper
    routes it later.

    ``submission_key`` names one submission (a screening, a line of an import). The database
    holds it under a unique constraint, so sending the same submission again — a double click,
    a retry after an error, two requests at once — returns the lead the first one made and
    routes nothing twice. ``over_rate_limit`` marks a lead kept although its address was over
    the intake limit. ``attribution`` (campaign tags, referring host) is cleaned by
    ``admissions.attribution``: what could name somebody is dropped, never refused.
    """
    if len(submission_key) > _SUBMISSION_KEY_MAX:
        raise ValueError(f"submission_key must be at most {_SUBMISSION_KEY_MAX} characters")
    problems: list[Problem] = []
    try:
        parsed = answers if isinstance(answers, Answers) else parse_answers(answers)
    except InvalidAnswers as invalid:
        problems.extend(invalid.problems)
        parsed = None
    fields = _clean_contact(contact, problems, heard_about=heard_about)
    _check_choice("source", source, Source.values, problems)
    _check_choice("language", language, Language.values, problems)
    if not isinstance(consent_version, str) or not consent_version.strip():
        problems.append(Problem("consent_version", _("Consent is required.")))
    elif len(consent_version.strip()) > _CONSENT_VERSION_MAX:
        problems.append(
            Problem("consent_version", _("Must be at most %d characters.") % _CONSENT_VERSION_MAX)
        )
    if not isinstance(consent_to_texts, bool):
        problems.append(Problem("consent_to_texts", _("Must be true or false.")))
    elif fields.get("contact_method") == ContactMethod.TEXT and not consent_to_texts:
        problems.append(
            Problem("contact_method", _("Text messages need consent to be contacted by text."))
        )
    if problems or parsed is None:
        raise LeadInvalid(problems)

    sent_before = lead_of_submission(submission_key)
    if sent_before is not None:
        return sent_before
    assessment = evaluate(parsed)
    try:
        with transaction.atomic():
            lead = Lead.objects.create(
                **fields,
                phone_digits=phone_digits(fields.get("phone", "")),
                language=language,
                respondent=parsed.respondent,
                relationship=parsed.relationship or "",
                age=parsed.age,
                answers=parsed.to_dict(),
                assessment=assessment.to_dict(),
                rules_version=assessment.rules_version,
                level=assessment.level.value,
                priority=assessment.priority.value,
                priority_rank=PRIORITY_RANK[assessment.priority.value],
                crisis=assessment.crisis,
                consent_version=consent_version.strip(),
                consent_at=timezone.now(),
                consent_to_texts=consent_to_texts,
                source=source,
                submission_key=submission_key,
                over_rate_limit=over_rate_limit,
                **attribution_clean(attribution),
            )
            link_possible_duplicates(lead)
            LeadEvent.objects.create(
                lead=lead,
                kind=LeadEvent.Kind.CREATED,
                actor=actor if actor is not None and actor.is_authenticated else None,
                data={"source": source, "level": lead.level, "priority": lead.priority},
            )
            # "My day" and the cadence start at once: the first try is due by the deadline.
            followups.plan_first(lead=lead, actor=actor)
            transaction.on_commit(partial(enqueue_routing, lead.pk))
    except IntegrityError:
        # The same submission committed meanwhile (two requests at once): the unique
        # constraint refused this row, and the lead the first one made is the answer.
        sent_before = lead_of_submission(submission_key)
        if sent_before is None:
            raise
        return sent_before
    return lead


# How many earlier leads one new lead is linked to at most (a shared family phone could match
# dozens; the newest few are the ones worth a look).
DUPLICATES_LINKED = 5


def link_possible_duplicates(lead: Lead) -> None:
    """Link ``lead`` to open leads with the same phone (its last ten digits, so a leading
    country code does not matter) or the same email."""
    same = Q()
    digits = lead.phone_digits[-10:]
    if len(digits) >= 10:
        same |= Q(phone_digits__endswith=digits)
    if lead.email:
        # Compared folded, as the search does, so the trigram index of migration 0010 answers.
        same |= Q(email_folded=fold(lead.email))
    if not same:
        return
    earlier = (
        Lead.objects.alias(email_folded=SEARCH_COLUMNS["email_folded"])
        .filter(same, status__in=OPEN_STATUSES)
        .exclude(pk=lead.pk)
        .order_by("-created_at")
        .values_list("pk", flat=True)[:DUPLICATES_LINKED]
    )
    matches = list(earlier)
    if matches:
        lead.possible_duplicates.add(*matches)


def _check_choice(field: str, value: object, choices: list[str], problems: list[Problem]) -> None:
    if value not in choices:
        problems.append(
            Problem(field, _("Must be one of: %s.") % ", ".join(c for c in choices if c))
        )


def _clean_contact(
    contact: Mapping[str, Any], problems: list[Problem], *, heard_about: str
) -> dict[str, str]:
    """The contact fields, stripped, with a problem added for each invalid one."""
    if not isinstance(contact, Mapping):
        problems.append(Problem("contact", _("Must be an object of contact details.")))
        return {}
    for unknown in sorted(set(contact) - set(CONTACT_FIELDS)):
        problems.append(Problem(str(unknown), _("Is not a contact field.")))
    fields: dict[str, str] = {}
    for name in CONTACT_FIELDS:
        value = contact.get(name)
        if value is None:
            value = ""
        if not isinstance(value, str):
            problems.append(Problem(name, _("Must be text.")))
            value = ""
        fields[name] = value.strip()
    fields["heard_about"] = fields["heard_about"] or heard_about
    fields["contact_method"] = fields["contact_method"] or ContactMethod.PHONE
    fields["contact_time"] = fields["contact_time"] or ContactTime.ANYTIME

    if not fields["first_name"]:
        problems.append(Problem("first_name", _("A first name is required.")))
    for name in ("first_name", "last_name"):
        if len(fields[name]) > _NAME_MAX:
            problems.append(Problem(name, _("Must be at most %d characters.") % _NAME_MAX))
    if len(fields["message"]) > _MESSAGE_MAX:
        problems.append(Problem("message", _("Must be at most %d characters.") % _MESSAGE_MAX))
    if not fields["phone"] and not fields["email"]:
        problems.append(Problem("phone", _("A phone number or an email address is required.")))
    if fields["phone"] and not _is_phone(fields["phone"]):
        problems.append(
            Problem("phone", _("Enter a phone number with 10 to 15 digits, e.g. 555-123-4567."))
        )
    if fields["email"]:
        try:
            validate_email(fields["email"])
        except ValidationError:
            problems.append(Problem("email", _("Enter a valid email address.")))
    _check_choice("contact_method", fields["contact_method"], ContactMethod.values, problems)
    _check_choice("contact_time", fields["contact_time"], ContactTime.values, problems)
    _check_choice("heard_about", fields["heard_about"], HeardAbout.values, problems)
    if (
        fields["contact_method"] in (ContactMethod.PHONE, ContactMethod.TEXT)
        and not fields["phone"]
    ):
        problems.append(Problem("contact_method", _("Calls and texts need a phone number.")))
    if fields["contact_method"] == ContactMethod.EMAIL and not fields["email"]:
        problems.append(Problem("contact_method", _("Email contact needs an email address.")))
    return fields


def _is_phone(phone: str) -> bool:
    if len(phone) > 32 or not _PHONE_CHARACTERS.match(phone):
        return False
    digits = sum(character.isdigit() for character in phone)
    return _PHONE_DIGITS[0] <= digits <= _PHONE_DIGITS[1]


def enqueue_routing(lead_id: int) -> bool:
    """Send ``route_lead`` for a lead; False, logged, when the broker cannot take it."""
    from admissions.tasks import route_lead  # the tasks module imports this one

    try:
        route_lead.delay(lead_id)
    except Exception:
        # Never fail the person's submission: the lead stays pending and the sweeper retries.
        logger.warning(
            "Routing of lead %s not enqueued; the sweeper will retry.", lead_id, exc_info=True
        )
        return False
    return True


# --- Routing ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Assignment:
    """What ``lead_assign`` did to a pending lead."""

    lead_id: int
    decision: Decision


def lead_assign(*, lead_id: int) -> Assignment | None:
    """Route a pending lead by the routing policy; None when it is not pending (any more).

    The lead row is locked and re-read as pending, so of two concurrent deliveries exactly one
    assigns; the other finds it routed and does nothing. Counsellor rows are locked too, so two
    leads routed at once see each other's assignment in the open-lead counts.
    """
    with transaction.atomic():
        lead = (
            Lead.objects.select_for_update()
            .filter(pk=lead_id, routing_state=RoutingState.PENDING)
            .first()
        )
        if lead is None:
            return None
        decision = decide(
            LeadFacts(
                priority=lead.priority,
                crisis=lead.crisis,
                language=lead.language,
                age=lead.age,
                assigned_to=lead.assigned_to_id,
            ),
            _counsellor_snapshots(),
        )
        now = timezone.now()
        lead.routing_state = RoutingState.ROUTED
        lead.assigned_to_id = decision.counsellor_id
        lead.routed_at = now
        lead.save(update_fields=["routing_state", "assigned_to", "routed_at", "updated_at"])
        if decision.counsellor_id is not None:
            CounsellorProfile.objects.filter(user_id=decision.counsellor_id).update(
                last_assigned_at=now
            )
            followups.assign_open(lead=lead)
        LeadEvent.objects.create(
            lead=lead,
            kind=LeadEvent.Kind.ROUTED,
            data={
                "assigned_to": decision.counsellor_id,
                "reason": decision.reason.value,
                "alert_supervisors": decision.alert_supervisors,
                "language_matched": decision.language_matched,
            },
        )
    return Assignment(lead_id, decision)


def _counsellor_snapshots() -> list[CounsellorSnapshot]:
    profiles = list(routable_profiles().select_for_update(of=("self",)).order_by("pk"))
    # Counted from ``lead_open_assignee_idx`` alone (an index-only scan): the count names no
    # column outside it, so no lead row is read, however many closed leads each counsellor has.
    open_counts = dict(
        Lead.objects.filter(
            assigned_to_id__in=[profile.user_id for profile in profiles],
            status__in=OPEN_STATUSES,
        )
        .order_by()
        .values_list("assigned_to_id")
        .annotate(count=Count("*"))
    )
    return [
        CounsellorSnapshot(
            user_id=profile.user_id,
            languages=frozenset(profile.languages),
            on_call=profile.on_call,
            accepts_adolescents=profile.accepts_adolescents,
            capacity=profile.capacity,
            open_leads=open_counts.get(profile.user_id, 0),
            last_assigned_at=profile.last_assigned_at,
        )
        for profile in profiles
    ]


def lead_notify_once(*, lead_id: int) -> bool:
    """Tell the assigned counsellor (and supervisors, if routing asked) about a routed lead.

    Nothing is sent inside a transaction that could still roll back (a sent email cannot be
    taken back). Instead: (1) under the lead's row lock, claim the notice unless it went out
    already or another delivery claimed it less than ``NOTICE_LEASE`` ago, and commit; (2) send,
    each message under an idempotency key; (3) record the "notified" event. A redelivery after
    a crash between (2) and (3) sends the same messages, with the same keys, once the lease has
    passed; a mail system shows such a copy once. A send that fails gives the claim back, so the
    task's retry can send at once. True when this call sent.
    """
    now = timezone.now()
    with transaction.atomic():
        lead = (
            Lead.objects.select_for_update(of=("self",))
            .select_related("assigned_to")
            .filter(pk=lead_id, routing_state=RoutingState.ROUTED)
            .first()
        )
        if lead is None or lead.events.filter(kind=LeadEvent.Kind.NOTIFIED).exists():
            return False
        if lead.notice_claimed_at is not None and now - lead.notice_claimed_at < NOTICE_LEASE:
            return False
        lead.notice_claimed_at = now
        lead.save(update_fields=["notice_claimed_at"])
        routed = lead.events.filter(kind=LeadEvent.Kind.ROUTED).last()
        deliveries: list[tuple[list[User], notifications.Notice]] = []
        # Someone who claimed the lead before routing ran needs no notice about it.
        if lead.assigned_to is not None and lead.claimed_at is None:
            notice = notifications.new_lead_notice(lead.pk, lead.priority)
            deliveries.append(([lead.assigned_to], _keyed(notice, lead, "new")))
        if routed is not None and routed.data.get("alert_supervisors"):
            why = routed.data["reason"]
            notice = notifications.supervisor_alert_notice(lead.pk, lead.priority, why)
            deliveries.append((list(supervisors()), _keyed(notice, lead, why)))
    try:
        reached = [pk for people, notice in deliveries for pk in notifications.send(people, notice)]
    except Exception:
        Lead.objects.filter(pk=lead_id, notice_claimed_at=now).update(notice_claimed_at=None)
        raise
    LeadEvent.objects.create(
        lead_id=lead_id, kind=LeadEvent.Kind.NOTIFIED, data={"recipients": sorted(set(reached))}
    )
    return True


def _keyed(notice: notifications.Notice, lead: Lead, purpose: str) -> notifications.Notice:
    """The notice with its idempotency key: this lead (its id and creation time, so a reused id
    in a rebuilt database is another key) and what the notice is for."""
    return replace(notice, key=f"lead-{lead.pk}-{lead.created_at:%Y%m%d%H%M%S%f}-{purpose}")


def lead_routing_failed(*, lead_id: int) -> bool:
    """Give up routing a pending lead: mark it failed and alert supervisors, once."""
    with transaction.atomic():
        failed = Lead.objects.filter(pk=lead_id, routing_state=RoutingState.PENDING).update(
            routing_state=RoutingState.FAILED, updated_at=timezone.now()
        )
        if not failed:
            return False
        LeadEvent.objects.create(lead_id=lead_id, kind=LeadEvent.Kind.ROUTING_FAILED)
        transaction.on_commit(partial(_alert_supervisors, lead_id, "routing_failed"))
    return True


def _alert_supervisors(lead_id: int, why: str) -> None:
    lead = Lead.objects.only("pk", "priority", "created_at").get(pk=lead_id)
    notice = notifications.supervisor_alert_notice(lead_id, lead.priority, why)
    notifications.send(list(supervisors()), _keyed(notice, lead, why))


# --- Events recorded by other apps ----------------------------------------------------------

# What other apps may add to a lead's timeline (the benefits app: each check and outcome).
RECORDABLE_EVENTS = (LeadEvent.Kind.BENEFITS_CHECKED, LeadEvent.Kind.BENEFITS_OUTCOME)


def lead_event_record(
    *,
    lead_id: int,
    kind: str,
    summary: str,
    actor: User | None = None,
    data: Mapping[str, Any] | None = None,
) -> LeadEvent:
    """Add work done outside admissions to a lead's timeline.

    ``summary`` is an English message id (marked with ``gettext_noop`` where it is written),
    translated when the timeline is shown; ``data`` holds ids and codes, never personal data.
    """
    if kind not in RECORDABLE_EVENTS:
        raise ValueError(f"{kind!r} is not an event other apps may record")
    return LeadEvent.objects.create(
        lead_id=lead_id,
        kind=kind,
        actor=actor if actor is not None and actor.is_authenticated else None,
        data={**(data or {}), "summary": summary},
    )


# --- Periodic jobs ----------------------------------------------------------------------------


def sweep_unrouted(*, now: datetime | None = None) -> int:
    """Re-enqueue ``route_lead`` for leads it has not finished with; how many were sent.

    Two kinds of lead qualify once ``SWEEP_AFTER`` has passed: still pending (the message was
    lost, or the broker was down at submission), and routed but never notified (the worker died
    between the two steps; its message would only come back much later). Re-sending is
    harmless because each step acts only once. Stops at the first broker error: the next sweep
    tries again.
    """
    now = now or timezone.now()
    cutoff = now - SWEEP_AFTER
    pending = Lead.objects.filter(routing_state=RoutingState.PENDING, created_at__lt=cutoff)
    not_notified = Lead.objects.filter(
        routing_state=RoutingState.ROUTED,
        created_at__gte=now - NOTIFY_SWEEP_WINDOW,
        routed_at__lt=cutoff,
    ).exclude(
        # Looked up by lead for each of the few candidates. With only ``lead = lead`` linking
        # them, PostgreSQL may turn NOT EXISTS into a hashed NOT IN over every event of every
        # lead (a scan of the whole table, every minute); the redundant ``lead >= lead`` is a
        # condition it cannot hash, so it probes the index instead.
        Exists(
            LeadEvent.objects.filter(
                lead=OuterRef("pk"), lead__gte=OuterRef("pk"), kind=LeadEvent.Kind.NOTIFIED
            )
        )
    )
    lead_ids = (pending | not_notified).order_by("priority_rank", "created_at")[:SWEEP_BATCH]
    sent = 0
    for lead_id in lead_ids.values_list("pk", flat=True):
        if not enqueue_routing(lead_id):
            break
        sent += 1
    if sent:
        logger.info("Sweeper re-enqueued routing for %s leads.", sent)
    return sent


def escalate_unclaimed(*, now: datetime | None = None) -> list[int]:
    """Alert supervisors about new leads nobody claimed in time; the ids escalated.

    The deadline depends on the priority (``DOORWAY_ESCALATE_AFTER_MINUTES``) and runs from
    the lead's creation. Each lead is escalated at most once: ``escalated_at`` is set by a
    conditional update, and the alert goes out after that commits.
    """
    now = now or timezone.now()
    escalated: list[int] = []
    for priority, minutes in settings.DOORWAY_ESCALATE_AFTER_MINUTES.items():
        due = Lead.objects.filter(
            status=Status.NEW,
            priority_rank=PRIORITY_RANK[priority],
            claimed_at__isnull=True,
            escalated_at__isnull=True,
            created_at__lte=now - timedelta(minutes=minutes),
        ).order_by("created_at")
        for lead_id in due.values_list("pk", flat=True):
            with transaction.atomic():
                marked = Lead.objects.filter(
                    pk=lead_id,
                    status=Status.NEW,
                    claimed_at__isnull=True,
                    escalated_at__isnull=True,
                ).update(escalated_at=now, updated_at=now)
                if not marked:
                    continue
                LeadEvent.objects.create(
                    lead_id=lead_id, kind=LeadEvent.Kind.ESCALATED, data={"after_minutes": minutes}
                )
                transaction.on_commit(partial(_alert_supervisors, lead_id, "unclaimed"))
            escalated.append(lead_id)
    return escalated
