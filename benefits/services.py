"""Writes of the benefits app: coverage, outcomes and benefits checks.

``coverage_save`` is the one way coverage is stored (the staff pages use it; the patient step,
the phone-intake form, the API and imports will too). An electronic check is requested by
``benefits_check_request`` (which builds and stores the inquiry, then enqueues the task once the
transaction commits) and sent by ``benefits_check_send``, which the task calls with the check's
id; a phone check is recorded by ``benefits_check_record_manual``. Nothing here ever stands in
the way of a lead: no status needs a check.
"""

import json
import logging
from collections.abc import Mapping
from dataclasses import fields
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from admissions.audit import record_audit
from admissions.models import Lead, LeadEvent
from admissions.services import lead_event_record
from benefits import backends, transport
from benefits.audit import Action
from benefits.choices import (
    RELATIONSHIP_CODES,
    TIMELINE_WORDS,
    BackEnd,
    CheckState,
    Failure,
    Verification,
)
from benefits.eligibility import Answer, Inquiry, Party, Provider, Reply, summarise
from benefits.models import BenefitsCheck, Coverage, Payer
from benefits.service_types import HEALTH_PLAN, PHONE_CHECK, REQUESTED
from benefits.validation import (
    OTHER_PAYER,
    CleanCoverage,
    CoverageInvalid,
    clean_coverage,
    inquiry_name,
    inquiry_problems,
    provider_problems,
)

logger = logging.getLogger(__name__)

# The retry policy of an electronic check: this many tries in all, waiting 2, 4, 8, 16 seconds
# between them (a clearinghouse's outage is usually over in seconds; staff are waiting).
ATTEMPTS = 5
RETRY_BASE_SECONDS = 2
# A check still marked "sending" this long after a try began was abandoned by its worker.
SENDING_LEASE = timedelta(minutes=2)
# A queued or retrying check untouched this long lost its task message (broker outage).
RESEND_AFTER = timedelta(minutes=1)
RESEND_BATCH = 100

# The coverage details (as the validation module cleans them): a change to any of them makes an
# earlier verification stale.
_DETAILS = tuple(detail.name for detail in fields(CleanCoverage))


class CheckNotReady(ValueError):
    """An electronic check cannot be asked yet; ``problems`` says what is missing."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def retry_delay(attempt: int) -> int:
    """Seconds to wait after try number ``attempt`` (1, 2, …) failed for now."""
    return RETRY_BASE_SECONDS * 2 ** (attempt - 1)


# --- Coverage -----------------------------------------------------------------------------------


def payer_choices(*, keep: int | None = None):
    """The payers staff may choose: those offered, and ``keep`` (the one already chosen)."""
    return Payer.objects.filter(Q(active=True) | Q(pk=keep)).order_by("name")


@transaction.atomic
def coverage_save(
    *, lead: Lead, data: Mapping[str, Any], by=None, ip: str | None = None
) -> Coverage:
    """Check and store the lead's coverage (all of it: a field left out is stored empty).

    Raises ``CoverageInvalid`` with every problem; nothing is stored then. A change to what was
    verified puts the coverage back to "not yet verified".
    """
    coverage, _created = Coverage.objects.select_for_update().get_or_create(lead=lead)
    payer_ids = set(payer_choices(keep=coverage.payer_id).values_list("pk", flat=True))
    clean = clean_coverage(data, payer_ids=payer_ids, today=timezone.localdate())
    changed = [name for name in _DETAILS if getattr(coverage, name) != getattr(clean, name)]
    for name in changed:
        setattr(coverage, name, getattr(clean, name))
    reopened = bool(changed) and coverage.verification != Verification.PENDING
    if reopened:
        coverage.verification = Verification.PENDING
        coverage.verified_at = coverage.verified_by = None
    coverage.save()
    if reopened:
        _timeline_outcome(coverage, by=by, reason="coverage_changed")
    record_audit(
        user=by,
        action=Action.COVERAGE_SAVED,
        lead=lead,
        ip=ip,
        detail={"fields": ["payer" if name == "payer_id" else name for name in changed]},
    )
    return coverage


def coverage_save_keeping(*, lead: Lead, data: Mapping[str, Any], by=None) -> Coverage | None:
    """Store coverage the person gave earlier (the wizard's step), losing as little as can be.

    What no longer passes (a payer taken off the list since it was checked) is kept as a named
    "other" payer or, failing that, left out. None, logged without details, if nothing holds.
    """
    data = dict(data)
    for _attempt in range(2):
        try:
            return coverage_save(lead=lead, data=data, by=by)
        except CoverageInvalid as invalid:
            problems = set(invalid.problems)
        payer = Payer.objects.filter(pk=_as_int(data.get("payer"))).first()
        if "payer" in problems and payer is not None:
            data.update(payer=OTHER_PAYER, other_payer_name=payer.name)
            problems -= {"payer", "other_payer_name"}
        for name in problems:
            data[name] = ""
    logger.warning("Lead %s: the coverage given could not be stored.", lead.pk)
    return None


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@transaction.atomic
def coverage_set_outcome(*, lead: Lead, outcome: str, by=None, ip: str | None = None) -> Coverage:
    """Record where the benefits work stands: verified, self-pay talk, authorisation needed."""
    if outcome not in Verification.values:
        raise ValueError(f"Unknown outcome {outcome!r}")
    coverage, _created = Coverage.objects.select_for_update().get_or_create(lead=lead)
    coverage.verification = outcome
    pending = outcome == Verification.PENDING
    coverage.verified_at = None if pending else timezone.now()
    coverage.verified_by = None if pending or not getattr(by, "is_authenticated", False) else by
    coverage.save(update_fields=["verification", "verified_at", "verified_by", "updated_at"])
    _timeline_outcome(coverage, by=by)
    record_audit(user=by, action=Action.OUTCOME, lead=lead, ip=ip, detail={"outcome": outcome})
    return coverage


def _timeline_outcome(coverage: Coverage, *, by, reason: str = "") -> None:
    data = {"outcome": coverage.verification, **({"reason": reason} if reason else {})}
    lead_event_record(
        lead_id=coverage.lead_id,
        kind=LeadEvent.Kind.BENEFITS_OUTCOME,
        summary=TIMELINE_WORDS[coverage.verification],
        actor=by,
        data=data,
    )


def clean_of(coverage: Coverage) -> CleanCoverage:
    """A stored coverage as the validation module's value."""
    return CleanCoverage(**{name: getattr(coverage, name) for name in _DETAILS})


# --- Electronic checks --------------------------------------------------------------------------


def electronic_checks() -> bool:
    """Whether the centre set up a clearinghouse (else every check is a phone check)."""
    return backends.configured() != BackEnd.MANUAL


def check_problems(lead: Lead) -> list[str]:
    """What stands between this lead and an electronic check (empty: it can be asked)."""
    if not electronic_checks():
        return [_("Electronic checks are not set up here: call the payer and record it.")]
    coverage = Coverage.objects.select_related("payer").filter(lead=lead).first()
    if coverage is None:
        return [_("Add the coverage first.")]
    return _provider_problems() + inquiry_problems(
        clean_of(coverage),
        payer_name=coverage.payer.name if coverage.payer_id else "",
        payer_electronic_id=coverage.payer.payer_id if coverage.payer_id else "",
        person_first_name=lead.first_name,
        person_last_name=lead.last_name,
    )


def _provider_problems() -> list[str]:
    return provider_problems(
        name=settings.DOORWAY_PROVIDER_NAME,
        npi=settings.DOORWAY_PROVIDER_NPI,
        tax_id=settings.DOORWAY_PROVIDER_TAX_ID,
    )


def _inquiry(check: BenefitsCheck, coverage: Coverage, lead: Lead) -> Inquiry:
    person = Party(
        first_name=inquiry_name(lead.first_name),
        last_name=inquiry_name(lead.last_name),
        birth_date=coverage.patient_birth_date,
    )
    if coverage.someone_else_subscribes:
        subscriber = Party(
            first_name=inquiry_name(coverage.subscriber_first_name),
            last_name=inquiry_name(coverage.subscriber_last_name),
            birth_date=coverage.subscriber_birth_date,
        )
        dependent = person
    else:
        subscriber, dependent = person, None
    return Inquiry(
        trace=check.trace,
        on=timezone.localdate(),
        payer_name=inquiry_name(coverage.payer.name) or coverage.payer.payer_id,
        payer_id=coverage.payer.payer_id,
        provider=Provider(
            name=inquiry_name(settings.DOORWAY_PROVIDER_NAME),
            npi=settings.DOORWAY_PROVIDER_NPI,
            tax_id=settings.DOORWAY_PROVIDER_TAX_ID,
        ),
        member_id=coverage.member_id,
        group_number=coverage.group_number,
        subscriber=subscriber,
        dependent=dependent,
        relationship_code=RELATIONSHIP_CODES.get(coverage.subscriber_relationship, ""),
        service_types=REQUESTED,
    )


def benefits_check_request(*, lead: Lead, by=None, ip: str | None = None) -> BenefitsCheck:
    """Build the inquiry for the lead's coverage, store it and send it through the task.

    Raises ``CheckNotReady`` when something is missing (nothing is stored then). The task is
    enqueued after the commit; if the broker is down the check waits, queued, for the resender.
    """
    problems = check_problems(lead)
    if problems:
        raise CheckNotReady(problems)
    with transaction.atomic():
        coverage = Coverage.objects.select_related("payer").get(lead=lead)
        check = BenefitsCheck.objects.create(
            lead=lead,
            back_end=backends.configured(),
            requested_by=by if getattr(by, "is_authenticated", False) else None,
            about_dependent=coverage.someone_else_subscribes,
        )
        inquiry = _inquiry(check, coverage, lead)
        # pydantic comes with the back ends' models: imported when a check is sent.
        from pydantic import ValidationError

        try:
            outgoing = backends.named(check.back_end).build(
                inquiry, control_number=check.pk, created=timezone.localtime()
            )
        except ValidationError as invalid:
            # Field locations only: pydantic's messages would repeat the values themselves.
            where = sorted(
                {".".join(str(part) for part in error["loc"]) for error in invalid.errors()}
            )
            transaction.set_rollback(True)
            raise CheckNotReady(
                [_("The details do not fit the X12 rules at: %s") % ", ".join(where)]
            ) from None
        check.request_body = outgoing.body.decode("utf-8")
        check.save(update_fields=["request_body", "updated_at"])
        record_audit(
            user=by,
            action=Action.CHECK_REQUESTED,
            lead=lead,
            ip=ip,
            detail={"check": check.pk, "back_end": check.back_end},
        )
        transaction.on_commit(partial(enqueue_check, check.pk))
    return check


def enqueue_check(check_id: int) -> bool:
    """Send the task for a check; False, logged, when the broker cannot take it."""
    from benefits.tasks import run_benefits_check  # the tasks module imports this one

    try:
        run_benefits_check.delay(check_id)
    except Exception:
        logger.warning(
            "Benefits check %s not enqueued; the resender will retry.", check_id, exc_info=True
        )
        return False
    return True


def _claim(check_id: int, now: datetime) -> BenefitsCheck | None:
    """Mark the check as being sent by this try, unless another try has it or it is done."""
    free = Q(state__in=(CheckState.QUEUED, CheckState.RETRYING)) | Q(
        state=CheckState.SENDING, sending_since__lt=now - SENDING_LEASE
    )
    with transaction.atomic():
        check = BenefitsCheck.objects.select_for_update().filter(free, pk=check_id).first()
        if check is None:
            return None
        check.state = CheckState.SENDING
        check.sending_since = now
        check.attempts += 1
        check.save(update_fields=["state", "sending_since", "attempts", "updated_at"])
    return check


class TryAgainLater(Exception):
    """This try got no usable answer; the task should try again after ``delay`` seconds."""

    def __init__(self, delay: int) -> None:
        super().__init__(delay)
        self.delay = delay


def benefits_check_send(*, check_id: int) -> None:
    """Send a queued check to the clearinghouse and store what comes back.

    Raises ``TryAgainLater`` after a timeout, a failed connection or a 5xx while tries remain;
    the last try records the failure instead. Any answer is stored whole, readable or not, and
    never raises out of here: an unreadable one fails the check and says why.
    """
    check = _claim(check_id, timezone.now())
    if check is None:
        return
    record_audit(
        user=None,
        action=Action.CHECK_SENT,
        lead=check.lead,
        detail={"check": check.pk, "attempt": check.attempts, "back_end": check.back_end},
    )
    try:
        answered = transport.post(
            settings.DOORWAY_ELIGIBILITY_URL,
            body=check.request_body.encode("utf-8"),
            content_type=_content_type(check.back_end),
            api_key=settings.DOORWAY_ELIGIBILITY_API_KEY,
            timeout=settings.DOORWAY_ELIGIBILITY_TIMEOUT_SECONDS,
        )
    except transport.TryAgain as again:
        check.http_status = again.status
        check.response_body = _text(again.body)
        if check.attempts < ATTEMPTS:
            check.state, check.failure = CheckState.RETRYING, again.failure
            check.save(
                update_fields=["state", "failure", "http_status", "response_body", "updated_at"]
            )
            logger.info(
                "Benefits check %s: try %s failed (%s).", check.pk, check.attempts, again.failure
            )
            raise TryAgainLater(retry_delay(check.attempts)) from None
        _finish_failed(check, again.failure)
        return
    check.http_status = answered.status
    check.response_body = _text(answered.body)
    check.response_truncated = answered.truncated
    if answered.truncated:
        _finish_failed(check, Failure.TOO_LARGE)
    elif not answered.ok:
        _finish_failed(check, Failure.REFUSED, detail=f"HTTP {answered.status}")
    else:
        _read_answer(check, answered.body)


def _content_type(back_end: str) -> str:
    return backends.backend_class(back_end).CONTENT_TYPE


def _text(body: bytes) -> str:
    # Stored as text for support to read; bytes that are not UTF-8 show as replacement marks.
    return body.decode("utf-8", errors="replace").replace("\x00", "\ufffd")


def _read_answer(check: BenefitsCheck, body: bytes) -> None:
    try:
        reply = backends.named(check.back_end).read(
            body, trace=check.trace, control_number=check.pk, dependent=check.about_dependent
        )
    except backends.Unreadable as unreadable:
        failure = Failure.MISMATCH if unreadable.mismatch else Failure.UNREADABLE
        _finish_failed(check, failure, detail=unreadable.reason)
        return
    except Exception:
        # An answer no rule foresaw must still end the check, never the task.
        logger.warning("Benefits check %s: the answer broke the reader.", check.pk, exc_info=True)
        _finish_failed(check, Failure.UNREADABLE, detail="the answer could not be read")
        return
    _finish_answered(check, summarise(reply, requested=REQUESTED))


@transaction.atomic
def _finish_answered(check: BenefitsCheck, answer: Answer, *, by=None) -> None:
    check.answer = answer.to_dict()
    check.state = (
        CheckState.REJECTED if answer.rejected and not answer.services else CheckState.ANSWERED
    )
    check.failure, check.failure_detail = "", ""
    check.completed_at = timezone.now()
    check.save()
    if answer.rejected and not answer.services:
        words = TIMELINE_WORDS["rejected"]
    elif answer.active is None:
        words = TIMELINE_WORDS["answered"]
    else:
        words = TIMELINE_WORDS["active" if answer.active else "inactive"]
    _timeline_check(check, words, by=by)


@transaction.atomic
def _finish_failed(check: BenefitsCheck, failure: Failure, *, detail: str = "") -> None:
    check.state, check.failure, check.failure_detail = CheckState.FAILED, failure, detail[:200]
    check.completed_at = timezone.now()
    check.save()
    logger.info("Benefits check %s failed after %s tries (%s).", check.pk, check.attempts, failure)
    _timeline_check(check, TIMELINE_WORDS["failed"])


def _timeline_check(check: BenefitsCheck, words: str, *, by=None) -> None:
    lead_event_record(
        lead_id=check.lead_id,
        kind=LeadEvent.Kind.BENEFITS_CHECKED,
        summary=words,
        actor=by,
        data={"check": check.pk, "back_end": check.back_end, "state": check.state},
    )


# --- Phone checks -------------------------------------------------------------------------------


def benefits_check_record_manual(
    *, lead: Lead, reply: Reply, recorded: Mapping[str, Any], by=None, ip: str | None = None
) -> BenefitsCheck:
    """Store what the payer said on the phone, summarised like an electronic answer.

    ``reply`` is what staff recorded, as benefit lines; ``recorded`` is the form as typed,
    kept whole as the check's answer.
    """
    with transaction.atomic():
        check = BenefitsCheck.objects.create(
            lead=lead,
            back_end=BackEnd.MANUAL,
            state=CheckState.SENDING,
            attempts=1,
            requested_by=by if getattr(by, "is_authenticated", False) else None,
            response_body=json.dumps(recorded, default=str, ensure_ascii=False, indent=1),
        )
        _finish_answered(check, summarise(reply, requested=(HEALTH_PLAN, *PHONE_CHECK)), by=by)
        record_audit(
            user=by, action=Action.CHECK_RECORDED, lead=lead, ip=ip, detail={"check": check.pk}
        )
    return check


# --- Periodic job and erasure -------------------------------------------------------------------


def resend_queued_checks(*, now: datetime | None = None) -> int:
    """Enqueue again the checks whose task message was lost; how many were sent.

    Queued or retrying checks untouched for ``RESEND_AFTER``, and "sending" ones past their
    lease. Sending twice is harmless: a try first claims the check. Stops at the first broker
    error; the next run tries again.
    """
    now = now or timezone.now()
    stale = BenefitsCheck.objects.filter(
        Q(state__in=(CheckState.QUEUED, CheckState.RETRYING), updated_at__lt=now - RESEND_AFTER)
        | Q(state=CheckState.SENDING, sending_since__lt=now - SENDING_LEASE)
    ).order_by("created_at")
    sent = 0
    for check_id in stale.values_list("pk", flat=True)[:RESEND_BATCH]:
        if not enqueue_check(check_id):
            break
        sent += 1
    if sent:
        logger.info("Resent %s benefits checks.", sent)
    return sent


_ERASED_COVERAGE = {
    "other_payer_name": "",
    "member_id": "",
    "group_number": "",
    "patient_birth_date": None,
    "subscriber_first_name": "",
    "subscriber_last_name": "",
    "subscriber_birth_date": None,
}


@transaction.atomic
def benefits_erase(*, lead_id: int, by=None, ip: str | None = None) -> int:
    """Erase a person's coverage details and every benefits check on request; safe to repeat.

    The payment type, payer and outcome stay for the statistics. Returns how many records
    changed (0 when there was nothing left to erase).
    """
    erased = (
        Coverage.objects.filter(lead_id=lead_id)
        .exclude(**_ERASED_COVERAGE)
        .update(**_ERASED_COVERAGE, updated_at=timezone.now())
    )
    checks, _counts = BenefitsCheck.objects.filter(lead_id=lead_id).delete()
    if erased or checks:
        record_audit(
            user=by,
            action=Action.ERASED,
            lead=Lead.objects.get(pk=lead_id),
            ip=ip,
            detail={"coverage": erased, "checks": checks},
        )
    return erased + checks
