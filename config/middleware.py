"""Middleware that belongs to no app."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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


class ClientAddressMiddleware:
    """Behind one proxy, make ``REMOTE_ADDR`` the client's address for everything after it
    (rate limits, the audit log, login lockout).

    The proxy appends the address it saw to ``X-Forwarded-For``, so the last entry is the only
    one we can trust; anything before it was written by the client.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.DOORWAY_BEHIND_PROXY:
            forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
            hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
            if hops:
                request.META["REMOTE_ADDR"] = hops[-1]
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
