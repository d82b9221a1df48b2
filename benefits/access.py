"""Who may do what on the benefits pages: one function, ``allowed``, asked by every view.

Which roles hold each action is the permission table's (``accounts.permissions``); what stays
here is what depends on the lead itself: staff who may not see every lead (counsellors) work on
the coverage of a lead only while it is unassigned or theirs, as on the lead page.
"""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps

from django.http import Http404, HttpRequest

from accounts.decorators import requires
from accounts.permissions import Perm, allows
from admissions.access import can_see_all_leads
from admissions.models import Lead


class Permission(StrEnum):
    VIEW_QUEUE = "benefits.view_queue"
    VIEW_COVERAGE = "benefits.view_coverage"
    EDIT_COVERAGE = "benefits.edit_coverage"
    RUN_CHECK = "benefits.run_check"
    VIEW_CHECK = "benefits.view_check"
    SET_OUTCOME = "benefits.set_outcome"


# Each action of the benefits pages and the line of the permission table that grants it.
_GRANTED_BY = {
    Permission.VIEW_QUEUE: Perm.VIEW_BENEFITS_QUEUE,
    Permission.SET_OUTCOME: Perm.SET_BENEFITS_OUTCOME,
    Permission.VIEW_COVERAGE: Perm.WORK_COVERAGE,
    Permission.EDIT_COVERAGE: Perm.WORK_COVERAGE,
    Permission.RUN_CHECK: Perm.WORK_COVERAGE,
    Permission.VIEW_CHECK: Perm.WORK_COVERAGE,
}


def _may_open(user, lead: Lead) -> bool:
    return can_see_all_leads(user) or lead.assigned_to_id in (None, user.pk)


def allowed(user, permission: Permission, lead: Lead | None = None) -> bool:
    """Whether ``user`` has ``permission``: about ``lead``, or (without one) about some lead."""
    if not allows(user, _GRANTED_BY[permission]):
        return False
    return lead is None or _may_open(user, lead)


def needs(permission: Permission) -> Callable:
    """View decorator: signed in with the second factor, then ``permission`` (403 without it).

    A view about one lead receives the lead itself instead of ``lead_id``; a lead that does not
    exist, or that this user may not work on, is a 404 (as on the lead page).
    """

    def decorator(view: Callable) -> Callable:
        @requires(_GRANTED_BY[permission])
        @wraps(view)
        def wrapper(request: HttpRequest, *args, lead_id: int | None = None, **kwargs):
            if lead_id is None:
                return view(request, *args, **kwargs)
            lead = Lead.objects.select_related("assigned_to").filter(pk=lead_id).first()
            if lead is None or not allowed(request.user, permission, lead):
                raise Http404
            return view(request, *args, lead=lead, **kwargs)

        return wrapper

    return decorator
