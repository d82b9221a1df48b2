"""Project-level views that belong to no app."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.health import broker_status, database_ok

# Errors that mean the database could not be reached, rather than a bug: a restart, a failover.
DATABASE_UNREACHABLE = (OperationalError, InterfaceError)
# What a browser, a proxy or a monitor is told to wait before trying again.
BUSY_RETRY_AFTER_SECONDS = 30


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Service status for load balancers and monitors. It never holds personal data."""
    database = "ok" if database_ok() else "down"
    broker = broker_status()
    healthy = database == "ok" and broker != "down"
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "database": database, "broker": broker},
        status=200 if healthy else 503,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 handler: a database outage gets the "busy, try again" page as a 503.

    It runs for any uncaught exception, in a view or in a middleware (saving the session, for
    one), while the exception is being handled. Neither page touches the request: the session
    and the signed-in user live in the database that may be the thing that failed.
    """
    if isinstance(sys.exc_info()[1], DATABASE_UNREACHABLE):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(BUSY_RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
