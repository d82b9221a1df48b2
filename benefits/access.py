"""Who may do what on the benefits pages: one function, ``allowed``, asked by every view.

The permissions are named here once. Until the accounts app's permission table arrives, they
map onto the admissions roles: supervisors may do everything (and stand in for the benefits
role); a counsellor may look at and work on the coverage of a lead they may open (unassigned,
or their own). Switching to the permission table changes this module only.
"""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from admissions.access import is_counsellor, is_supervisor
from admissions.models import Lead


class Permission(StrEnum):
    VIEW_QUEUE = "benefits.view_queue"
    VIEW_COVERAGE = "benefits.view_coverage"
    EDIT_COVERAGE = "benefits.edit_coverage"
    RUN_CHECK = "benefits.run_check"
    VIEW_CHECK = "benefits.view_check"
    SET_OUTCOME = "benefits.set_outcome"


# What a counsellor may do about a lead they may see.
_COUNSELLOR = frozenset(
    {
        Permission.VIEW_COVERAGE,
        Permission.EDIT_COVERAGE,
        Permission.RUN_CHECK,
        Permission.VIEW_CHECK,
    }
)


def allowed(user, permission: Permission, lead: Lead | None = None) -> bool:
    """Whether ``user`` has ``permission``: about ``lead``, or (without one) about some lead."""
    if is_supervisor(user):
        return True
    if permission not in _COUNSELLOR or not is_counsellor(user):
        return False
    return lead is None or lead.assigned_to_id is None or lead.assigned_to_id == user.pk


def needs(permission: Permission) -> Callable:
    """View decorator: log in first, then ``permission`` (403 without it).

    A view about one lead receives the lead itself instead of ``lead_id``; a lead that does not
    exist, or that this user may not work on, is a 404 (as on the lead page).
    """

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, lead_id: int | None = None, **kwargs):
            if not allowed(request.user, permission):
                raise PermissionDenied
            if lead_id is None:
                return view(request, *args, **kwargs)
            lead = Lead.objects.select_related("assigned_to").filter(pk=lead_id).first()
            if lead is None or not allowed(request.user, permission, lead):
                raise Http404
            return view(request, *args, lead=lead, **kwargs)

        return wrapper

    return decorator
