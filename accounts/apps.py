from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = _("Staff accounts")

    def ready(self) -> None:
        from accounts import checks, events  # noqa: F401  (registers the system checks)

        events.connect()


class DoorwayAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the site that asks the permission table (``accounts.admin_site``)."""

    default = False
    default_site = "accounts.admin_site.DoorwayAdminSite"
