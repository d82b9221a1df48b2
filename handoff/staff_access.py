"""Who among staff may use the handoff pages: ONE table, read by every view here.

Until the accounts app declares roles and permissions once for the whole project, the answers
come from ``admissions.access`` (counsellors and supervisors). Then ``may`` should ask that
table instead; the permission names below are the ones to add to it.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from admissions.access import is_admissions_staff, is_supervisor

PERMISSIONS: dict[str, Callable] = {
    # On a lead the member of staff may open (see admissions.selectors.visible_leads):
    "consents.view": is_admissions_staff,
    "consents.record": is_admissions_staff,
    "consents.revoke": is_admissions_staff,
    "disclosures.view": is_admissions_staff,
    "disclosures.referral": is_admissions_staff,
    "fhir.push": is_supervisor,
    # The whole centre's webhooks:
    "webhooks.view": is_supervisor,
    "webhooks.replay": is_supervisor,
}


def may(user, permission: str) -> bool:
    """Whether ``user`` holds ``permission`` (an unknown name is never held)."""
    check = PERMISSIONS.get(permission)
    return bool(check and user.is_authenticated and check(user))


def requires(permission: str) -> Callable:
    """Log in first; then 403 unless the user holds ``permission``."""

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not may(request.user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
