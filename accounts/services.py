"""What a supervisor or an administrator does to a colleague's account. Each is audited."""

from allauth.mfa.models import Authenticator
from axes.utils import reset as axes_reset
from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts import events
from accounts.permissions import Perm, allows
from accounts.roles import Role, roles_of


def can_reset_factors(actor, account) -> bool:
    """Not one's own (that is done on one's security page), and an administrator's only by
    another administrator: a supervisor must not be able to take over an administrator."""
    if not allows(actor, Perm.MANAGE_ACCOUNTS) or actor.pk == account.pk:
        return False
    return Role.ADMIN not in roles_of(account) or Role.ADMIN in roles_of(actor)


@transaction.atomic
def account_unlock(*, actor, account, ip: str | None) -> int:
    """Forget the account's failed sign-ins, from every address; returns how many records."""
    if not allows(actor, Perm.MANAGE_ACCOUNTS):
        raise PermissionDenied
    cleared = axes_reset(username=account.get_username())
    events.send(events.UNLOCKED, user=actor, ip=ip, account_id=account.pk)
    return cleared


@transaction.atomic
def address_unlock(*, actor, address: str, ip: str | None) -> int:
    """Forget the failed sign-ins from one address (an office whose shared address is locked)."""
    if not allows(actor, Perm.MANAGE_ACCOUNTS):
        raise PermissionDenied
    cleared = axes_reset(ip=address)
    events.send(events.UNLOCKED, user=actor, ip=ip, address=address)
    return cleared


@transaction.atomic
def second_factors_reset(*, actor, account, ip: str | None) -> int:
    """Remove every code app, security key and recovery code of the account: at its next
    sign-in it enrols a new second factor before it can see anything."""
    if not can_reset_factors(actor, account):
        raise PermissionDenied
    removed, _ = Authenticator.objects.filter(user_id=account.pk).delete()
    events.send(events.FACTORS_RESET, user=actor, ip=ip, account_id=account.pk, removed=removed)
    return removed
