"""Single sign-on with the centre's OpenID Connect provider: the provider's groups → roles.

``DOORWAY_SSO_GROUP_ROLES`` (from ``DOORWAY_SSO_ROLES``) maps group names, as the provider
writes them in the claim named by ``DOORWAY_SSO_GROUPS_CLAIM``, to Doorway roles. For an
account that signs in this way the provider is the source of truth: at every sign-in its role
groups become exactly the mapped ones, so a person removed from a group at the provider loses
the role at their next sign-in, and one whose groups map to no role cannot sign in at all.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from accounts import events
from accounts.roles import GROUP_NAMES, Role, forget_roles, roles_of


def groups_of(sociallogin) -> set[str]:
    """The group names the provider gave, from the user info and the ID token alike."""
    claim = settings.DOORWAY_SSO_GROUPS_CLAIM
    data = sociallogin.account.extra_data or {}
    groups: set[str] = set()
    for source in (data.get("userinfo") or {}, data.get("id_token") or {}):
        value = source.get(claim) or []
        if isinstance(value, str):
            value = [value]
        groups.update(str(group) for group in value)
    return groups


def mapped_roles(groups: set[str]) -> set[Role]:
    mapping = settings.DOORWAY_SSO_GROUP_ROLES
    return {Role(mapping[group]) for group in groups if group in mapping}


@transaction.atomic
def sync_roles(*, request, user, groups: set[str]) -> None:
    """Give ``user`` exactly the roles its provider groups map to."""
    before = set(roles_of(user))
    wanted = mapped_roles(groups)
    for role in Role:
        group, _ = Group.objects.get_or_create(name=GROUP_NAMES[role])
        if role in wanted:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    forget_roles(user)
    after = set(roles_of(user))
    if after != before:
        events.send(
            events.ROLES_CHANGED,
            user=user,
            request=request,
            added=sorted(after - before),
            removed=sorted(before - after),
            by="sso",
        )
