"""Reads for the staff accounts page."""

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.db.models import Q

from accounts import lockout
from accounts.roles import GROUP_NAMES, Role, roles_of


@dataclass
class StaffAccount:
    user: object
    roles: list[Role]
    factors: list[str]
    locked: bool
    # Whether the member of staff looking may reset this account's factors (set by the view).
    can_reset: bool = False


def staff_accounts() -> list[StaffAccount]:
    """Everyone with a role (or locked out right now), by username, with their factors."""
    locked = lockout.locked_usernames()
    users = (
        get_user_model()
        .objects.filter(
            Q(groups__name__in=GROUP_NAMES.values()) | Q(is_superuser=True) | Q(username__in=locked)
        )
        .distinct()
        .order_by("username")
        .prefetch_related("groups")
    )
    factors: dict[int, set[str]] = {}
    for user_id, kind in Authenticator.objects.filter(user__in=users).values_list(
        "user_id", "type"
    ):
        factors.setdefault(user_id, set()).add(kind)
    labels = dict(Authenticator.Type.choices)
    return [
        StaffAccount(
            user=user,
            roles=sorted(roles_of(user), key=list(Role).index),
            factors=[str(labels[kind]) for kind in sorted(factors.get(user.pk, ()))],
            locked=user.get_username() in locked,
        )
        for user in users
    ]
