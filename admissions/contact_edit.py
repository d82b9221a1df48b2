"""Staff correct a lead's contact details and preferences.

The screening answers are what the person said and are never edited (a correction of those is
a note). Each change is on the timeline (which fields) and in the audit log (old and new
values: the log is where a supervisor checks who changed what, and it is behind their login).
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from admissions import services
from admissions.access import can_work_on
from admissions.audit import record_audit
from admissions.models import ContactMethod, Lead, LeadEvent
from admissions.search import phone_digits
from screening import Problem

EDITABLE = ("first_name", "last_name", "phone", "email", "contact_method", "contact_time")
CONTACT_CORRECT = "contact_correct"


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
    record_audit(user=user, action=CONTACT_CORRECT, lead=lead, ip=ip, detail={"changes": changes})
    if "phone" in changes or "email" in changes:
        services.link_possible_duplicates(lead)
    return sorted(changes)
