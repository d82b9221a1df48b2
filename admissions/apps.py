from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdmissionsConfig(AppConfig):
    name = "admissions"
    verbose_name = _("Admissions")

    def ready(self) -> None:
        from accounts.events import security_event
        from admissions.audit import record_security_event

        security_event.connect(record_security_event, dispatch_uid="admissions.audit.security")
