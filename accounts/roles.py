"""Staff roles: what each person at the centre is there to do.

A role is membership of one Django group (named below, created by the migrations), given in the
admin or by single sign-on (``accounts.sso``). A user may hold several roles; a superuser holds
the administrator's, so the account ``createsuperuser`` makes can set the others up. What each
role may do is declared once, in ``accounts.permissions``.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNSELLOR = "counsellor", _("Counsellor")
    SUPERVISOR = "supervisor", _("Supervisor")
    CLINICIAN = "clinician", _("Clinician")
    BENEFITS = "benefits", _("Benefits")
    ANALYST = "analyst", _("Analyst")
    ADMIN = "admin", _("Administrator")


# The group that carries each role (names stored in the database: never translated).
GROUP_NAMES: dict[Role, str] = {
    Role.COUNSELLOR: "Counsellors",
    Role.SUPERVISOR: "Supervisors",
    Role.CLINICIAN: "Clinicians",
    Role.BENEFITS: "Benefits",
    Role.ANALYST: "Analysts",
    Role.ADMIN: "Administrators",
}
_ROLE_OF_GROUP = {name: role for role, name in GROUP_NAMES.items()}

# Cached on the user object for the length of one request: a page asks the database once.
_CACHE_ATTRIBUTE = "_doorway_roles"


def roles_of(user: AbstractBaseUser | AnonymousUser) -> frozenset[Role]:
    """The roles of an active, signed-in user (none for anyone else)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        # ``all()`` rather than a filter: a page that prefetched the groups asks nothing more.
        roles = {_ROLE_OF_GROUP[g.name] for g in user.groups.all() if g.name in _ROLE_OF_GROUP}
        if user.is_superuser:
            roles.add(Role.ADMIN)
        cached = frozenset(roles)
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_roles(user: AbstractBaseUser) -> None:
    """Drop the cached roles after the user's groups changed."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def has_role(user: AbstractBaseUser | AnonymousUser, role: Role) -> bool:
    return role in roles_of(user)


def users_with_role(role: Role) -> QuerySet:
    """Active users who hold ``role`` through its group."""
    return (
        get_user_model().objects.filter(groups__name=GROUP_NAMES[role], is_active=True).distinct()
    )
