"""Who may do what on the staff pages: counsellors, supervisors, and everyone else (nobody).

Who is a counsellor or a supervisor is decided in ``admissions.roles``; here the answers are
cached on the user object for the length of one request (a page asks the database once, whatever
its templates check) and turned into page and action permissions.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from admissions import roles
from admissions.models import Lead


def is_supervisor(user) -> bool:
    """Member of the Supervisors group (sees every lead, reassigns, exports, reads the audit)."""
    if not hasattr(user, "_doorway_is_supervisor"):
        user._doorway_is_supervisor = roles.is_supervisor(user)
    return user._doorway_is_supervisor


def is_counsellor(user) -> bool:
    """Has an active counsellor profile (sees unassigned leads and their own, claims them)."""
    if not hasattr(user, "_doorway_is_counsellor"):
        user._doorway_is_counsellor = roles.is_counsellor(user)
    return user._doorway_is_counsellor


def is_admissions_staff(user) -> bool:
    """Anyone who may open the staff pages at all."""
    return is_supervisor(user) or is_counsellor(user)


def can_work_on(user, lead: Lead) -> bool:
    """Log contact or move the pipeline: the assigned counsellor, or any supervisor."""
    return is_supervisor(user) or (
        lead.assigned_to_id is not None and lead.assigned_to_id == user.pk
    )


def can_add_note(user, lead: Lead) -> bool:
    """Whoever works the lead, and any counsellor while it is still unassigned."""
    return can_work_on(user, lead) or (is_counsellor(user) and lead.assigned_to_id is None)


def can_claim(user, lead: Lead) -> bool:
    """A counsellor takes an unassigned lead, or confirms one routed to them."""
    if not is_counsellor(user):
        return False
    if lead.assigned_to_id is None:
        return True
    return lead.assigned_to_id == user.pk and lead.claimed_at is None


def staff_required(view: Callable | None = None, *, supervisor: bool = False) -> Callable:
    """Log in first (anonymous → login page); then counsellors or supervisors only (else 403).

    With ``supervisor=True`` only supervisors pass.
    """

    def decorator(func: Callable) -> Callable:
        @login_required
        @wraps(func)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            allowed = (
                is_supervisor(request.user) if supervisor else is_admissions_staff(request.user)
            )
            if not allowed:
                raise PermissionDenied
            return func(request, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator
