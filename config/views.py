"""Project-level views that belong to no app."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from redis.exceptions import RedisError

from config.health import broker_status, database_ok, jobs_status

# Errors that mean a server could not be reached, rather than a bug: the database restarting or
# failing over, or the cache (Redis) away on a page that cannot go on without it — staff sign-in
# keeps its limits on guessing passwords and codes there.
SERVER_UNREACHABLE = (OperationalError, InterfaceError, RedisError)
# What a browser, a proxy or a monitor is told to wait before trying again.
BUSY_RETRY_AFTER_SECONDS = 30


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Readiness and liveness for load balancers: 200 while Doorway can take a screening, 503
    only when the database cannot be reached. It never holds personal data."""
    if database_ok():
        return JsonResponse({"status": "ok", "database": "ok"})
    response = JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    response["Retry-After"] = str(BUSY_RETRY_AFTER_SECONDS)
    return response


@never_cache
@require_GET
def status(request: HttpRequest) -> JsonResponse:
    """For people and monitors: the database, the broker, the worker's last heartbeat and the
    sweeper's last run. Always 200 (``/healthz`` is the one that fails); no personal data."""
    database_up = database_ok()
    jobs = jobs_status(database_up=database_up)
    broker = broker_status()
    healthy = (
        database_up
        and broker != "down"
        and all(job["state"] in ("ok", "in-process") for job in jobs.values())
    )
    return JsonResponse(
        {
            "status": "ok" if healthy else "degraded",
            "database": "ok" if database_up else "down",
            "broker": broker,
            **jobs,
        }
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 handler: a database or cache outage gets the "busy, try again" page (503).

    It runs for any uncaught exception, in a view or in a middleware (saving the session, for
    one), while the exception is being handled. Neither page touches the request: the session
    and the signed-in user live in the database that may be the thing that failed.
    """
    if isinstance(sys.exc_info()[1], SERVER_UNREACHABLE):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(BUSY_RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
