"""Erasing a person on request: their contact details and what they told us go; counts stay.

What remains of an erased lead is what the centre's statistics need and nothing that says who
the person was or what they live with: level of care, priority, crisis flag, status, source,
respondent type, rules version and the dates of the pipeline.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from admissions.audit import record_audit
from admissions.contact_edit import corrections_erase
from admissions.models import InsuranceCard, Lead, LeadEvent, WaitingListEntry

ERASE_LEAD = "erase_lead"

# Contact details and free text written by or about the person, as they look once erased.
_ERASED_FIELDS = {
    "first_name": "",
    "last_name": "",
    "phone": "",
    "phone_digits": "",
    "email": "",
    "message": "",
    "relationship": "",
    "age": 0,
    "answers": {},
    "close_reason": "",
}


@dataclass(frozen=True)
class Erasure:
    """What one erasure removed: all zero when the lead had already been erased."""

    lead_id: int
    fields: tuple[str, ...]
    notes: int
    insurance_cards: int
    # Coverage details and benefits checks erased (see ``benefits.services.benefits_erase``).
    benefits: int = 0
    # Old and new values of contact corrections blanked (``admissions.contact_edit``).
    corrections: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.fields or self.notes or self.insurance_cards or self.benefits or self.corrections
        )


def _erased_assessment(lead: Lead) -> dict:
    """The assessment without its reasons, flags and fit: only the headline survives."""
    assessment = lead.assessment or {}
    return {
        "level": assessment.get("level", lead.level),
        "crisis": assessment.get("crisis", lead.crisis),
        "priority": assessment.get("priority", lead.priority),
        "severity": "",
        "fit": {},
        "reasons": [],
        "flags": [],
        "rules_version": assessment.get("rules_version", lead.rules_version),
    }


@transaction.atomic
def lead_erase(
    *, lead_id: int, actor=None, ip: str | None = None, _erasing: set[int] | None = None
) -> Erasure:
    """Erase a person's details from lead ``lead_id``; safe to run again.

    Raises ``Lead.DoesNotExist`` for an unknown id. Only an erasure that changed something is
    written to the audit log, so repeating a request leaves no trace but the first.
    """
    lead = Lead.objects.select_for_update().get(pk=lead_id)
    _erasing = _erasing if _erasing is not None else set()
    _erasing.add(lead.pk)
    wanted = {**_ERASED_FIELDS, "assessment": _erased_assessment(lead)}
    changed_fields = tuple(name for name, value in wanted.items() if getattr(lead, name) != value)
    for name in changed_fields:
        setattr(lead, name, wanted[name])
    if changed_fields:
        lead.save(update_fields=[*changed_fields, "updated_at"])

    notes = LeadEvent.objects.filter(lead=lead).exclude(body="").update(body="")
    # Staff's other free text about the person: why a follow-up waits, why a level differs.
    notes += lead.follow_ups.exclude(snooze_reason="").update(snooze_reason="")
    notes += lead.level_confirmations.exclude(reason="").update(reason="")
    cards, _ = InsuranceCard.objects.filter(lead=lead).delete()
    corrections = corrections_erase(lead)
    # Waiting for a program (and why, in staff's words): the lead leaves every list.
    WaitingListEntry.objects.filter(lead=lead).delete()
    # Member ID, subscriber, dates of birth and what payers said (audited by the benefits app).
    from benefits.services import benefits_erase  # benefits builds on admissions

    benefits = benefits_erase(lead_id=lead.pk, by=actor, ip=ip)

    erasure = Erasure(
        lead_id=lead.pk,
        fields=changed_fields,
        notes=notes,
        insurance_cards=cards,
        benefits=benefits,
        corrections=corrections,
    )
    if erasure.changed:
        record_audit(
            user=actor,
            action=ERASE_LEAD,
            lead=lead,
            ip=ip,
            detail={
                "fields": list(changed_fields),
                "notes": notes,
                "insurance_cards": cards,
                "contact_corrections": corrections,
            },
        )
    # The same person's other lead, merged into this one or this one into it, holds their
    # details too (``admissions.merge``): it goes as well.
    for same_person in Lead.objects.filter(
        Q(merged_into=lead) | Q(pk=lead.merged_into_id or 0)
    ).exclude(pk__in=_erasing):
        if same_person.pk in _erasing:
            continue
        lead_erase(lead_id=same_person.pk, actor=actor, ip=ip, _erasing=_erasing)
    return erasure
