from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programs")

    def ready(self) -> None:
        # Registers the deploy check that names missing centre contact details.
        from programs import centre  # noqa: F401
