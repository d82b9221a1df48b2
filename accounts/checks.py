"""Start-up checks for the sign-in settings that the environment can get wrong."""

from django.conf import settings
from django.core.checks import Error, register

from accounts.roles import Role


@register()
def sso_roles_are_known(app_configs=None, **kwargs) -> list[Error]:
    """Every role named in ``DOORWAY_SSO_ROLES`` exists: a typo would silently grant nothing."""
    known = set(Role.values)
    return [
        Error(
            f"DOORWAY_SSO_ROLES maps the group {group!r} to {role!r}, which is not a role.",
            hint="Roles: " + ", ".join(Role.values),
            id="accounts.E001",
        )
        for group, role in settings.DOORWAY_SSO_GROUP_ROLES.items()
        if role not in known
    ]
