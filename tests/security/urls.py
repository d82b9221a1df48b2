"""The project's URLs plus a few that misbehave on purpose, to show the defences at work."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("deliberate failure")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("staff only")


def inline(request: HttpRequest) -> HttpResponse:
    """What the policy must block: an inline script and an inline style."""
    return HttpResponse(
        "<!doctype html><title>x</title><p style='color:red'>x</p>"
        "<script>document.title='y'</script>"
    )


urlpatterns = [
    path("boom/", boom),
    path("inline/", inline),
    path("forbidden/", forbidden),
    *project_urlpatterns,
]
