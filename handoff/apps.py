from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoffConfig(AppConfig):
    name = "handoff"
    verbose_name = _("Handoff to other systems")

    def ready(self) -> None:
        # Admissions does not know handoff exists: webhooks follow its timeline events.
        from handoff.webhooks import events

        events.connect()
