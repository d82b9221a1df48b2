from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class AdmissionsConfig(AppConfig):
    name = "admissions"
    verbose_name = _("Admissions")

    def ready(self) -> None:
        from accounts.events import security_event
        from admissions.audit import record_security_event

        security_event.connect(record_security_event, dispatch_uid="admissions.audit.security")
        connection_created.connect(_sqlite_fold, dispatch_uid="admissions.search.sqlite_fold")


def _sqlite_fold(sender, connection, **kwargs) -> None:
    """SQLite has no unaccent: the queue's search folds with the same Python function."""
    if connection.vendor == "sqlite":
        from admissions.search import fold

        connection.connection.create_function("doorway_fold", 1, fold, deterministic=True)
