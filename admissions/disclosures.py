"""Every disclosure of a lead's record asks here first, and is written to the disclosures log.

``disclosure_permit`` finds the consent that permits sending the record to a recipient, or
raises ``DisclosureRefused`` with a reason a person can act on (and notes the refusal in the
audit log). ``disclosure_record`` writes the disclosure to the log that staff list per person
(42 CFR 2.24), together with an audit entry. What goes out must carry ``REDISCLOSURE_NOTICE``
(42 CFR 2.32, as amended in 2024) and a copy or explanation of the consent.

A recipient is a name, or "" for the centre's own systems (its EHR, billing) acting for its own
treatment, payment and health-care operations. A consent for those does not cover a named
outside recipient: that takes a consent naming them.
"""

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from admissions.audit import record_audit
from admissions.consent_models import Consent, Disclosure, DisclosureChannel
from admissions.consents import for_recipient, permitting_consent
from admissions.models import Lead

# 42 CFR 2.32(a)(1), "Statement 1", as amended by the final rule of 16 February 2024.
REDISCLOSURE_NOTICE = gettext_lazy(
    "This record which has been disclosed to you is protected by Federal confidentiality rules "
    "(42 CFR part 2). These rules prohibit you from using or disclosing this record, or "
    "testimony that describes the information contained in this record, in any civil, "
    "criminal, administrative, or legislative proceedings by any Federal, State, or local "
    "authority, against the patient, unless authorized by the consent of the patient, except "
    "as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR "
    "2.64 or 2.65. In addition, the Federal rules prohibit you from making any other use or "
    "disclosure of this record unless at least one of the following applies: (i) Further use "
    "or disclosure is expressly permitted by the written consent of the individual whose "
    "information is being disclosed in this record or as otherwise permitted by 42 CFR part 2. "
    "(ii) You are a covered entity or business associate and have received the record for "
    "treatment, payment, or health care operations, or (iii) You have received the record from "
    "a covered entity or business associate as permitted by 45 CFR part 164, subparts A and E. "
    "A general authorization for the release of medical or other information is NOT sufficient "
    "to meet the required elements of written consent to further use or redisclose the record "
    "(see 42 CFR 2.31)."
)
# 42 CFR 2.32(a)(2), the abbreviated statement, for places with no room for the full one.
REDISCLOSURE_NOTICE_SHORT = gettext_lazy(
    "42 CFR part 2 prohibits unauthorized use or disclosure of these records."
)

# Audit log action for a refused disclosure.
DISCLOSURE_REFUSED = "disclosure_refused"
DISCLOSED = "disclosure"


class DisclosureRefused(Exception):
    """No consent permits this disclosure. ``code`` is stable; ``message`` is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _recipient_words(recipient: str) -> str:
    return recipient or _("the centre's own systems (treatment, payment and operations)")


def _refusal(lead_id: int, recipient: str, today: datetime.date) -> DisclosureRefused:
    """Why no consent permits it: none at all, only revoked ones, or only expired ones."""
    named = Consent.objects.filter(for_recipient(recipient), lead_id=lead_id)
    latest = named.order_by("-created_at", "-pk").first()
    to = _recipient_words(recipient)
    if latest is None:
        return DisclosureRefused(
            "no_consent", _("No consent on file permits disclosing this record to %s.") % to
        )
    if latest.revoked_at is not None:
        return DisclosureRefused(
            "consent_revoked",
            _("The consent to disclose this record to %(to)s was revoked on %(day)s.")
            % {"to": to, "day": date_format(timezone.localdate(latest.revoked_at))},
        )
    return DisclosureRefused(
        "consent_expired",
        _("The consent to disclose this record to %(to)s expired on %(day)s.")
        % {"to": to, "day": date_format(latest.expires_on)},
    )


def disclosure_permit(
    *,
    lead_id: int,
    recipient: str,
    channel: str,
    user=None,
    via: str = "",
    today: datetime.date | None = None,
) -> Consent:
    """The consent that permits sending the lead's record to ``recipient``.

    Raises ``Lead.DoesNotExist`` for an unknown lead, and ``DisclosureRefused`` (after noting
    the refusal in the audit log) when no active consent permits it.
    """
    today = today or timezone.localdate()
    lead = Lead.objects.only("pk").get(pk=lead_id)
    consent = permitting_consent(lead_id=lead_id, recipient=recipient, today=today)
    if consent is not None:
        return consent
    refusal = _refusal(lead_id, recipient, today)
    record_audit(
        user=user,
        action=DISCLOSURE_REFUSED,
        lead=lead,
        detail={"channel": channel, "reason": refusal.code, "via": via},
    )
    raise refusal


@transaction.atomic
def disclosure_record(
    *, consent: Consent, channel: str, recipient: str, user=None, via: str = ""
) -> Disclosure:
    """Write one disclosure made under ``consent`` to the lead's disclosures log."""
    if channel not in DisclosureChannel.values:
        raise ValueError(f"unknown disclosure channel: {channel!r}")
    staff = user if user is not None and user.is_authenticated else None
    disclosure = Disclosure.objects.create(
        lead_id=consent.lead_id,
        consent=consent,
        channel=channel,
        recipient=recipient,
        information=consent.information,
        purpose=consent.purpose,
        via=via,
        user=staff,
    )
    record_audit(
        user=staff,
        action=DISCLOSED,
        lead=consent.lead,
        detail={"disclosure_id": disclosure.pk, "channel": channel, "via": via},
    )
    return disclosure


def lead_disclosures(*, lead_id: int) -> QuerySet[Disclosure]:
    """The lead's disclosures log, newest first: what went to whom, when, under which consent."""
    return Disclosure.objects.filter(lead_id=lead_id).select_related("consent", "user")
