"""Django model permissions from the permission table, so the admin site reads it too."""

from django.apps import apps
from django.contrib.auth.backends import BaseBackend

from accounts.permissions import Perm
from accounts.roles import roles_of

ACTIONS = ("add", "change", "delete", "view")


def _model_permissions(model_label: str) -> set[str]:
    model = apps.get_model(model_label)
    app_label, name = model._meta.app_label, model._meta.model_name
    return {f"{app_label}.{action}_{name}" for action in ACTIONS}


class RolePermissionBackend(BaseBackend):
    """Grants the add/change/delete/view permissions of every admin model that a permission
    held by one of the user's roles opens. Authenticates nobody.

    Each model admin may still refuse more (leads and the audit log are read-only there).
    """

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        roles = roles_of(user_obj)
        granted: set[str] = set()
        for perm in Perm:
            if perm.admin_models and not perm.roles.isdisjoint(roles):
                for label in perm.admin_models:
                    granted |= _model_permissions(label)
        return granted

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return any(
            permission.startswith(f"{app_label}.")
            for permission in self.get_all_permissions(user_obj)
        )
