"""Middleware that belongs to no app."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from config.client_address import from_trusted_proxy


class RequestSizeLimitMiddleware:
    """Answer an oversized request body with a friendly 413 page instead of reading it.

    Django caps form fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but not uploaded files, so a huge
    upload would otherwise be streamed to disk before any view could refuse it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return render(request, "413.html", status=413)
        return self.get_response(request)


class UntrustedForwardedHeadersMiddleware:
    """Drop the ``X-Forwarded-*`` headers of a request that did not come through a trusted proxy.

    Only a proxy listed in ``DOORWAY_TRUSTED_PROXIES`` may say which client it forwards and that
    the client used HTTPS; from anyone else those headers are forged, so nothing after this
    middleware (``SECURE_PROXY_SSL_HEADER``, ``config.client_address``) ever sees them.
    """

    FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not from_trusted_proxy(request):
            for header in self.FORWARDED:
                request.META.pop(header, None)
        return self.get_response(request)


# Browser features no page of Doorway uses, refused to every page and anything it could embed.
# (A photo of an insurance card is taken through the file picker, which needs none of them.)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy`` with every response: nothing may ask for the camera, the
    microphone or the person's location."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
