"""Who is who among admissions staff, in admissions' words.

Roles and what they may do are declared in ``accounts`` (``accounts.roles``,
``accounts.permissions``); these names stay because admissions code and its tests use them.
A counsellor profile holds routing's facts (languages, on call, capacity); the role decides
access, and routing only picks people whose roles let them work leads.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import QuerySet

from accounts.permissions import Perm, users_allowed
from accounts.roles import GROUP_NAMES, Role, has_role, users_with_role
from admissions.models import CounsellorProfile

SUPERVISORS_GROUP = GROUP_NAMES[Role.SUPERVISOR]
COUNSELLORS_GROUP = GROUP_NAMES[Role.COUNSELLOR]


def is_supervisor(user: AbstractBaseUser | AnonymousUser) -> bool:
    """A signed-in, active user with the supervisor role."""
    return has_role(user, Role.SUPERVISOR)


def is_counsellor(user: AbstractBaseUser | AnonymousUser) -> bool:
    """A signed-in, active user with the counsellor role."""
    return has_role(user, Role.COUNSELLOR)


def supervisors() -> QuerySet[User]:
    """Active supervisors, the people alerted when routing or escalation needs a human."""
    return users_with_role(Role.SUPERVISOR)


def routable_profiles() -> QuerySet[CounsellorProfile]:
    """Active profiles of active users who may work leads: whom routing and a supervisor may
    hand a lead to."""
    workers = users_allowed(Perm.WORK_LEADS).values("pk")
    return CounsellorProfile.objects.filter(active=True, user__is_active=True, user_id__in=workers)
