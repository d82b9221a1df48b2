"""The API's writes to a lead, through admissions, in one place.

``lead_create_from_api`` is the API's only call of ``admissions.services.lead_create`` (the same
validation and screening as the wizard), so a change of its signature touches this module only.
``lead_status_set`` moves a lead's status for an integration: the same statuses and rule (a
closing status needs a reason) as the staff pipeline, written to the timeline and the audit log
with the key's name instead of a member of staff.
"""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from admissions.audit import Action, record_audit
from admissions.consent_models import ConsentGivenBy
from admissions.consents import InvalidConsent, consent_record, parse_consent
from admissions.models import Language, Lead, LeadEvent, Source, Status
from admissions.pipeline import ActionRefused
from admissions.selectors import CLOSING_STATUSES
from admissions.services import LeadInvalid, lead_create
from handoff.models import ApiKey
from screening import Problem

CREATE_KEYS = (
    "answers",
    "contact",
    "language",
    "consent_version",
    "consent_to_texts",
    "heard_about",
    "consent",
)


@transaction.atomic
def lead_create_from_api(*, data: object, api_key: ApiKey) -> Lead:
    """Create a lead from a posted screening (and its Part 2 consent, if one came with it).

    Raises ``LeadInvalid`` listing every problem of the answers, contact details and consent.
    """
    if not isinstance(data, Mapping):
        raise LeadInvalid([Problem("", _("Send a JSON object."))])
    problems = [
        Problem(str(key), _("Is not a known field.")) for key in data if key not in CREATE_KEYS
    ]
    terms = None
    if data.get("consent") is not None:
        try:
            terms = parse_consent(data["consent"])
        except InvalidConsent as invalid:
            problems.extend(invalid.problems)
    try:
        lead = lead_create(
            answers=data.get("answers"),
            contact=data.get("contact"),
            source=Source.API,
            consent_version=data.get("consent_version", ""),
            consent_to_texts=data.get("consent_to_texts", False),
            language=data.get("language", Language.EN),
            heard_about=data.get("heard_about", "") or "",
        )
    except LeadInvalid as invalid:
        raise LeadInvalid(problems + invalid.problems) from None
    if problems:
        # Undo the lead: nothing of a request with a problem is kept.
        raise LeadInvalid(problems)
    if terms is not None:
        consent_record(lead_id=lead.pk, terms=terms, given_by=ConsentGivenBy.ELSEWHERE)
    return lead


@transaction.atomic
def lead_status_set(
    *, lead_id: int, status: Any, reason: Any, api_key: ApiKey, ip: str | None = None
) -> Lead:
    """Move the lead to ``status``; a closing status needs a ``reason``. ``ActionRefused`` else."""
    lead = Lead.objects.select_for_update().get(pk=lead_id)
    if status not in Status.values:
        raise ActionRefused(_("Choose a status: %s.") % ", ".join(Status.values))
    reason = reason.strip() if isinstance(reason, str) else ""
    if status == lead.status:
        raise ActionRefused(_("The lead already has this status."))
    if status in CLOSING_STATUSES and not reason:
        raise ActionRefused(_("Say why the lead is closing."))
    change = {"from": lead.status, "to": status, "api_key": api_key.prefix}
    lead.status = status
    lead.close_reason = reason if status in CLOSING_STATUSES else ""
    lead.save(update_fields=["status", "close_reason", "updated_at"])
    LeadEvent.objects.create(
        lead=lead, kind=LeadEvent.Kind.STATUS_CHANGED, data=change, body=reason
    )
    record_audit(user=None, action=Action.STATUS_CHANGE, lead=lead, ip=ip, detail=change)
    return lead
