"""The webhook events, declared once, and how admissions' timeline raises them.

Each event is raised by one kind of ``LeadEvent``: when admissions writes that entry, the
deliveries for every active subscription are written in the same transaction (so an event is
never lost, nor sent for a change that rolled back) and sent once it commits. This is the one
signal handler in Doorway: admissions may not import handoff, and its timeline already records
each of these moments exactly once.
"""

from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

# Event type → (what the admin shows, the LeadEvent kind that raises it, or None until the
# feature that raises it exists).
EVENT_TYPES = {
    "lead.created": (_("A lead was created"), "created"),
    "lead.routed": (_("A lead was routed to a counsellor"), "routed"),
    "lead.claimed": (_("A counsellor claimed a lead"), "claimed"),
    "lead.status_changed": (_("A lead's status changed"), "status_changed"),
    "appointment.booked": (_("An assessment was booked"), "appointment_booked"),
}
_BY_KIND = {kind: event for event, (_label, kind) in EVENT_TYPES.items() if kind}


def event_for_kind(kind: str) -> str | None:
    """The webhook event a timeline entry of ``kind`` raises, if any."""
    return _BY_KIND.get(kind)


def _on_lead_event(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw:
        return
    event = event_for_kind(instance.kind)
    if event is None:
        return
    from handoff.webhooks.services import deliveries_create

    deliveries_create(event_type=event, lead_id=instance.lead_id, occurred_at=instance.created_at)


def connect() -> None:
    """Follow admissions' timeline (called once, from the app's ``ready``)."""
    from admissions.models import LeadEvent

    post_save.connect(_on_lead_event, sender=LeadEvent, dispatch_uid="handoff-webhooks")
