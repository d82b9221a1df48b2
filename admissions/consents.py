"""Part 2 consents: checking what a person agreed to, recording it, revoking it, finding it.

``parse_consent`` is the one validation of a consent's terms, used by the result-page form, the
staff form, the API and ``import_leads`` alike, so they cannot disagree. It reports every problem
at once, each naming its field. ``consent_record`` and ``consent_revoke`` are the only writers;
both are audited. Which consent permits a disclosure is decided in ``admissions.disclosures``.
"""

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from admissions.audit import record_audit
from admissions.consent_models import Consent, ConsentGivenBy, ConsentInformation, ConsentScope
from admissions.models import Lead
from screening import Problem

# The wording of the result page's consent form; change it when the form's meaning changes.
FORM_VERSION = "part2-2026-1"
# What a consent for the centre's own treatment, payment and operations is for.
TPO_PURPOSE = "Treatment, payment and health-care operations at this centre"
RECIPIENT_MAX = 200
PURPOSE_MAX = 300
SIGNED_BY_MAX = 200
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
KEYS = ("scope", "recipient", "information", "purpose", "expires", "signed_by")

# Audit log actions (``AuditEntry.action``) written here.
CONSENT_RECORDED = "consent_recorded"
CONSENT_REVOKED = "consent_revoked"


class InvalidConsent(ValueError):
    """Consent terms that cannot be stored; ``problems`` lists every one."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class ConsentTerms:
    """What the person agreed to, checked."""

    scope: str
    recipient: str
    information: str
    purpose: str
    expires_on: datetime.date
    signed_by: str


def normalise_recipient(name: str) -> str:
    """A recipient's name with its spacing tidied, as stored and compared."""
    return " ".join(name.split())


def _text(data: Mapping[str, Any], key: str, limit: int, prefix: str, problems: list) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(Problem(f"{prefix}{key}", _("Must be text.")))
        return ""
    value = " ".join(value.split())
    if len(value) > limit:
        problems.append(Problem(f"{prefix}{key}", _("Must be at most %d characters.") % limit))
    return value


def _expiry(raw: object, today: datetime.date, field: str, problems: list) -> datetime.date | None:
    try:
        if not isinstance(raw, str) or not _ISO_DATE.fullmatch(raw):
            raise ValueError(raw)
        expires_on = datetime.date.fromisoformat(raw)
    except ValueError:
        problems.append(Problem(field, _("Give the expiry date as YYYY-MM-DD.")))
        return None
    if expires_on < today:
        problems.append(Problem(field, _("The expiry date has already passed.")))
        return None
    return expires_on


def parse_consent(
    data: object, *, today: datetime.date | None = None, prefix: str = "consent."
) -> ConsentTerms:
    """Check consent terms given as JSON-like values; raise ``InvalidConsent`` with every problem.

    ``data`` holds ``scope`` ("tpo" or "recipient"), ``recipient`` (only for "recipient"),
    ``purpose`` (required for "recipient"), ``expires`` (YYYY-MM-DD, today or later),
    ``signed_by`` and optionally ``information``.
    """
    today = today or timezone.localdate()
    if not isinstance(data, Mapping):
        raise InvalidConsent([Problem(prefix.rstrip("."), _("Must be an object."))])
    problems: list[Problem] = [
        Problem(f"{prefix}{key}", _("Is not a consent field."))
        for key in sorted(map(str, data))
        if key not in KEYS
    ]
    scope = data.get("scope")
    if scope not in ConsentScope.values:
        problems.append(
            Problem(f"{prefix}scope", _("Must be one of: %s.") % ", ".join(ConsentScope.values))
        )
    recipient = normalise_recipient(_text(data, "recipient", RECIPIENT_MAX, prefix, problems))
    purpose = _text(data, "purpose", PURPOSE_MAX, prefix, problems)
    signed_by = _text(data, "signed_by", SIGNED_BY_MAX, prefix, problems)
    if scope == ConsentScope.RECIPIENT:
        if not recipient:
            problems.append(Problem(f"{prefix}recipient", _("Name who may receive the record.")))
        if not purpose:
            problems.append(Problem(f"{prefix}purpose", _("Say what the disclosure is for.")))
    elif scope == ConsentScope.TPO:
        if recipient:
            problems.append(
                Problem(f"{prefix}recipient", _("A consent for the centre's own care names none."))
            )
        purpose = purpose or TPO_PURPOSE
    if not signed_by:
        problems.append(Problem(f"{prefix}signed_by", _("Give the name of who signed it.")))
    information = data.get("information", ConsentInformation.SCREENING)
    if information not in ConsentInformation.values:
        problems.append(
            Problem(
                f"{prefix}information",
                _("Must be one of: %s.") % ", ".join(ConsentInformation.values),
            )
        )
    expires_on = _expiry(data.get("expires"), today, f"{prefix}expires", problems)
    if problems or expires_on is None:
        raise InvalidConsent(problems)
    return ConsentTerms(
        scope=scope,
        recipient=recipient,
        information=information,
        purpose=purpose,
        expires_on=expires_on,
        signed_by=signed_by,
    )


# --- Writes -----------------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    lead_id: int,
    terms: ConsentTerms,
    given_by: str,
    recorded_by=None,
    form_version: str = "",
    ip: str | None = None,
) -> Consent:
    """Store a consent for the lead and note it in the audit log (no names in the detail)."""
    if given_by not in ConsentGivenBy.values:
        raise ValueError(f"unknown way of giving consent: {given_by!r}")
    lead = Lead.objects.get(pk=lead_id)
    staff = recorded_by if recorded_by is not None and recorded_by.is_authenticated else None
    consent = Consent.objects.create(
        lead=lead,
        scope=terms.scope,
        recipient=terms.recipient,
        information=terms.information,
        purpose=terms.purpose,
        expires_on=terms.expires_on,
        given_by=given_by,
        signed_by=terms.signed_by,
        form_version=form_version,
        recorded_by=staff,
    )
    record_audit(
        user=staff,
        action=CONSENT_RECORDED,
        lead=lead,
        ip=ip,
        detail={"consent_id": consent.pk, "scope": consent.scope, "given_by": given_by},
    )
    return consent


@transaction.atomic
def consent_revoke(*, consent_id: int, user, ip: str | None = None) -> Consent:
    """Revoke a consent from now on (disclosures already made stay on the list). Idempotent."""
    consent = Consent.objects.select_for_update().get(pk=consent_id)
    if consent.revoked_at is None:
        consent.revoked_at = timezone.now()
        consent.revoked_by = user if user is not None and user.is_authenticated else None
        consent.save(update_fields=["revoked_at", "revoked_by"])
        record_audit(
            user=user,
            action=CONSENT_REVOKED,
            lead=consent.lead,
            ip=ip,
            detail={"consent_id": consent.pk},
        )
    return consent


# --- Reads ------------------------------------------------------------------------------------


def lead_consents(*, lead_id: int) -> QuerySet[Consent]:
    """Every consent of the lead, newest first, with who recorded or revoked it."""
    return Consent.objects.filter(lead_id=lead_id).select_related("recorded_by", "revoked_by")


def for_recipient(recipient: str) -> Q:
    """Consents that name ``recipient`` ("" for the centre's own treatment and operations)."""
    if not recipient:
        return Q(scope=ConsentScope.TPO)
    return Q(scope=ConsentScope.RECIPIENT, recipient__iexact=normalise_recipient(recipient))


def active_q(today: datetime.date | None = None) -> Q:
    """Consents neither revoked nor expired."""
    return Q(revoked_at__isnull=True, expires_on__gte=today or timezone.localdate())


def permitting_consent(
    *, lead_id: int, recipient: str, today: datetime.date | None = None
) -> Consent | None:
    """The active consent that lets the lead's record go to ``recipient``, or None.

    When several do, the one that lets the most out (screening before contact-and-level), then
    the newest.
    """
    consents = Consent.objects.filter(for_recipient(recipient), active_q(today), lead_id=lead_id)
    # "screening" sorts after "contact_and_level": descending puts the fuller consent first.
    return consents.order_by("-information", "-created_at", "-pk").first()


def leads_with_consent_for(recipient: str, today: datetime.date | None = None) -> Exists:
    """A filter for leads that have an active consent for ``recipient``."""
    return Exists(
        Consent.objects.filter(for_recipient(recipient), active_q(today), lead=OuterRef("pk"))
    )
