"""The baseline: the cheapest useful Django POST (CSRF checked, one INSERT), under the same
gunicorn, middleware and database as Doorway, so the intake's throughput can be read as a ratio
that survives a noisy machine."""

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.views.decorators.http import require_http_methods

from bench.baseline.models import Row


@require_http_methods(["GET", "POST"])
def insert_one(request: HttpRequest) -> HttpResponse:
    """GET hands out a CSRF token (as a page would); POST inserts one row."""
    if request.method == "POST":
        Row.objects.create(note=request.POST.get("note", "")[:40])
        return HttpResponse("ok", status=201, content_type="text/plain")
    return HttpResponse(get_token(request), content_type="text/plain")
