"""Staff correct a lead's contact details and preferences.

The screening answers are what the person said and are never edited (a correction of those is
a note). Each change is on the timeline (which fields) and in the audit log, which names the
fields and a ``ContactCorrection`` row for each. The old and new values are in those rows, not
in the append-only log, so that erasing the person can blank them (``corrections_erase``); a
supervisor reads them on the lead's audit page.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from admissions import services
from admissions.access import can_work_on
from admissions.audit import Action, record_audit
from admissions.models import ContactCorrection, ContactMethod, Lead, LeadEvent
from admissions.search import phone_digits
from screening import Problem

EDITABLE = ("first_name", "last_name", "phone", "email", "contact_method", "contact_time")


class NothingChanged(Exception):
    message = ""

    def __init__(self) -> None:
        super().__init__()
        self.message = _("Nothing changed.")


@transaction.atomic
def contact_correct(
    *, lead_id: int, user, contact: Mapping[str, Any], ip: str | None = None
) -> list[str]:
    """Apply the corrected fields (only ``EDITABLE`` ones); the names of those that changed.

    Raises ``services.LeadInvalid`` with every problem, by the same rules as a new lead.
    """
    lead = Lead.objects.select_for_update(of=("self",)).get(pk=lead_id)
    if not can_work_on(user, lead):
        raise PermissionDenied
    merged = {name: getattr(lead, name) for name in services.CONTACT_FIELDS}
    merged.update({name: contact[name] for name in EDITABLE if name in contact})
    problems: list[Problem] = []
    fields = services._clean_contact(merged, problems, heard_about=lead.heard_about)
    if fields.get("contact_method") == ContactMethod.TEXT and not lead.consent_to_texts:
        problems.append(
            Problem("contact_method", _("Text messages need consent to be contacted by text."))
        )
    if problems:
        raise services.LeadInvalid(problems)
    changes = {
        name: [getattr(lead, name), fields[name]]
        for name in EDITABLE
        if getattr(lead, name) != fields[name]
    }
    if not changes:
        raise NothingChanged
    for name, (_old, new) in changes.items():
        setattr(lead, name, new)
    lead.phone_digits = phone_digits(lead.phone)
    lead.save(update_fields=[*changes, "phone_digits", "updated_at"])
    LeadEvent.objects.create(
        lead=lead,
        kind=LeadEvent.Kind.CONTACT_CORRECTED,
        actor=user,
        data={"fields": sorted(changes)},
    )
    corrected = {
        name: ContactCorrection.objects.create(lead=lead, field=name, old=old, new=new, by=user).pk
        for name, (old, new) in sorted(changes.items())
    }
    record_audit(
        user=user, action=Action.CONTACT_CORRECT, lead=lead, ip=ip, detail={"corrected": corrected}
    )
    if "phone" in changes or "email" in changes:
        services.link_possible_duplicates(lead)
    return sorted(changes)


def corrections_erase(lead: Lead) -> int:
    """Blank the old and new values of the lead's corrections (the person is being erased);
    the audit entries that name them stay. How many rows were blanked."""
    return lead.contact_corrections.filter(erased_at__isnull=True).update(
        old="", new="", erased_at=timezone.now()
    )
