"""``staff_perms`` in every template: ``{% if staff_perms.VIEW_AUDIT %}`` asks the table."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from accounts.permissions import Perm, allows


class StaffPermissions:
    """Answers ``staff_perms.NAME`` for the request's user, one ``Perm`` name at a time."""

    def __init__(self, user) -> None:
        self.user = user

    def __getitem__(self, name: str) -> bool:
        return allows(self.user, Perm[name])


def staff_permissions(request: HttpRequest) -> dict:
    # A page answered before the authentication middleware (the 413 page) has no user.
    return {"staff_perms": StaffPermissions(getattr(request, "user", AnonymousUser()))}
