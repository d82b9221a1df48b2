"""Reads for the staff accounts page."""

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import lockout
from accounts.roles import GROUP_NAMES, Role, roles_of

# Said as staff say it (allauth's own labels are "TOTP Authenticator" and "WebAuthn").
FACTOR_NAMES = {
    Authenticator.Type.TOTP: _("Authenticator app"),
    Authenticator.Type.WEBAUTHN: _("Security key"),
    Authenticator.Type.RECOVERY_CODES: _("Recovery codes"),
}


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
    return [
        StaffAccount(
            user=user,
            roles=sorted(roles_of(user), key=list(Role).index),
            factors=[str(FACTOR_NAMES[kind]) for kind in sorted(factors.get(user.pk, ()))],
            locked=user.get_username() in locked,
        )
        for user in users
    ]
