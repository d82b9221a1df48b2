"""Clinician confirmation of the level of care, and how often the screening was right.

The agreement rate per level (of the screening's suggestions a clinician later confirmed, how
many they kept) is the figure that tells a centre whether to trust the screener.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from accounts.permissions import Perm, allows
from admissions.audit import record_audit
from admissions.models import Lead, LeadEvent, Level, LevelConfirmation

CONFIRM_LEVEL = "level_confirm"


class ConfirmationRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@transaction.atomic
def level_confirm(
    *, lead_id: int, user, level: str, reason: str = "", ip: str | None = None
) -> LevelConfirmation:
    """Record the level the clinician confirmed; a different level needs a reason."""
    if not allows(user, Perm.CONFIRM_LEVEL_OF_CARE):
        raise PermissionDenied
    lead = Lead.objects.select_for_update(of=("self",)).get(pk=lead_id)
    if level not in Level.values:
        raise ConfirmationRefused(_("Choose the level of care you confirm."))
    reason = reason.strip()
    agrees = level == lead.level
    if not agrees and not reason:
        raise ConfirmationRefused(_("Say why the level differs from the screening's suggestion."))
    confirmation = LevelConfirmation.objects.create(
        lead=lead,
        clinician=user,
        screened_level=lead.level,
        confirmed_level=level,
        agrees=agrees,
        reason=reason,
    )
    data = {"screened": lead.level, "confirmed": level, "agrees": agrees}
    LeadEvent.objects.create(
        lead=lead, kind=LeadEvent.Kind.LEVEL_CONFIRMED, actor=user, data=data, body=reason
    )
    record_audit(user=user, action=CONFIRM_LEVEL, lead=lead, ip=ip, detail=data)
    return confirmation


def latest_confirmation(lead: Lead) -> LevelConfirmation | None:
    return (
        lead.level_confirmations.select_related("clinician").order_by("-created_at", "-pk").first()
    )


@dataclass(frozen=True)
class Agreement:
    level: str
    label: str
    confirmed: int  # leads of this screened level a clinician has confirmed a level for
    agreed: int  # of those, how many kept the screening's level

    @property
    def rate(self) -> int | None:
        """Per cent, rounded; None before any confirmation."""
        return round(100 * self.agreed / self.confirmed) if self.confirmed else None


def agreement_by_level() -> list[Agreement]:
    """For each level the screening suggests: how often a clinician confirmed it (the latest
    confirmation of each lead counts). One query."""
    later = LevelConfirmation.objects.filter(lead=OuterRef("lead"), pk__gt=OuterRef("pk"))
    rows = (
        LevelConfirmation.objects.filter(~Exists(later))
        .values("screened_level")
        .annotate(total=Count("pk"), agreed=Count("pk", filter=Q(agrees=True)))
    )
    found = {row["screened_level"]: row for row in rows}
    return [
        Agreement(
            level=value,
            label=str(label),
            confirmed=found.get(value, {}).get("total", 0),
            agreed=found.get(value, {}).get("agreed", 0),
        )
        for value, label in Level.choices
    ]
