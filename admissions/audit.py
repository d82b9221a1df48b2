"""The append-only audit log: every view of a lead page, every export and every change, and
every sign-in and account event (``accounts.events``: logins, failures, locks, unlocks,
second factors added, removed or reset, password resets).

``record_audit`` is the only way an entry is written; nothing in Doorway updates or deletes one.
Details stay non-identifying: ids, field names, filter names, never names, phones or free text.
"""

from typing import Any

from django.http import HttpRequest

from accounts import events
from admissions.models import AuditEntry, Lead
from config.client_address import client_address


class Action:
    """The actions the log knows, as stored in ``AuditEntry.action``."""

    # Sign-in events are named by accounts.events; these two are the ones admissions' tests ask for.
    LOGIN = events.LOGIN
    LOGOUT = events.LOGOUT
    VIEW_LEAD = "view_lead"
    CLAIM = "claim"
    REASSIGN = "reassign"
    CONTACT_ATTEMPT = "contact_attempt"
    NOTE = "note"
    STATUS_CHANGE = "status_change"
    PHONE_INTAKE = "phone_intake"
    EXPORT = "export"
    # Names the ``ContactCorrection`` rows that hold the values (``admissions.contact_edit``).
    CONTACT_CORRECT = "contact_correct"
    # A supervisor was shown the old and new values of a lead's corrections.
    VIEW_CORRECTIONS = "view_corrections"


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address (``config.client_address``: proxies are trusted only if listed)."""
    return client_address(request)


def record_audit(
    *,
    user,
    action: str,
    lead: Lead | None = None,
    ip: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit log."""
    return AuditEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        lead=lead,
        action=action,
        ip=ip,
        detail=detail or {},
    )


def record_security_event(sender, *, action: str, user, ip: str | None, detail: dict, **kwargs):
    """Write one sign-in or account event (connected to ``accounts.events.security_event``)."""
    record_audit(user=user, action=action, ip=ip, detail=detail)
