"""Project-level views that belong to no app."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.health import broker_status, database_ok


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
