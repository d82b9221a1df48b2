"""Who may do what with a lead, for admissions' pages and services.

Page access is the permission table's (``accounts.permissions``, read through
``accounts.decorators.requires``). What stays here is what depends on the lead itself: whose
it is and whether it is claimed.
"""

from collections.abc import Callable

from accounts.decorators import requires
from accounts.permissions import Perm, allows
from admissions import roles
from admissions.models import Lead

is_supervisor = roles.is_supervisor
is_counsellor = roles.is_counsellor


def is_admissions_staff(user) -> bool:
    """Anyone who works leads (counsellors and supervisors)."""
    return allows(user, Perm.WORK_LEADS)


def can_see_all_leads(user) -> bool:
    """Every lead, not only the unassigned ones and one's own."""
    return allows(user, Perm.SEE_ALL_LEADS)


def can_work_on(user, lead: Lead) -> bool:
    """Log contact or move the pipeline: the assigned counsellor, or whoever supervises leads."""
    if allows(user, Perm.SUPERVISE_LEADS):
        return True
    return (
        allows(user, Perm.WORK_LEADS)
        and lead.assigned_to_id is not None
        and lead.assigned_to_id == user.pk
    )


def can_add_note(user, lead: Lead) -> bool:
    """Whoever works the lead, and any counsellor while it is still unassigned."""
    return can_work_on(user, lead) or (
        allows(user, Perm.CLAIM_LEADS) and lead.assigned_to_id is None
    )


def can_claim(user, lead: Lead) -> bool:
    """A counsellor takes an unassigned lead, or confirms one routed to them."""
    if not allows(user, Perm.CLAIM_LEADS):
        return False
    if lead.assigned_to_id is None:
        return True
    return lead.assigned_to_id == user.pk and lead.claimed_at is None


def staff_required(view: Callable | None = None, *, supervisor: bool = False) -> Callable:
    """Whoever works leads (``Perm.WORK_LEADS``); with ``supervisor=True`` whoever supervises
    them (``Perm.SUPERVISE_LEADS``). New views name their own permission with ``requires``."""
    decorator = requires(Perm.SUPERVISE_LEADS if supervisor else Perm.WORK_LEADS)
    return decorator(view) if view is not None else decorator
