"""Who is who among staff: counsellors (an active profile) and supervisors (a group)."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import QuerySet

from admissions.models import CounsellorProfile

SUPERVISORS_GROUP = "Supervisors"


def is_supervisor(user: AbstractBaseUser | AnonymousUser) -> bool:
    """A logged-in, active member of the Supervisors group."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.groups.filter(name=SUPERVISORS_GROUP).exists()


def is_counsellor(user: AbstractBaseUser | AnonymousUser) -> bool:
    """A logged-in, active user with an active counsellor profile."""
    if not user.is_authenticated or not user.is_active:
        return False
    return CounsellorProfile.objects.filter(user=user, active=True).exists()


def supervisors() -> QuerySet[User]:
    """Active supervisors, the people alerted when routing or escalation needs a human."""
    return User.objects.filter(groups__name=SUPERVISORS_GROUP, is_active=True).distinct()
