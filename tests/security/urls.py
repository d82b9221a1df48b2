"""The project's URLs plus two that fail on purpose, to show the error pages."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("deliberate failure")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("staff only")


urlpatterns = [
    path("boom/", boom),
    path("forbidden/", forbidden),
    *project_urlpatterns,
]
