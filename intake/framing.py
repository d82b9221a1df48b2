"""The patient pages on the centre's own site: framed only by the origins it lists.

``DOORWAY_FRAME_ANCESTORS`` names the centre's sites. On the patient pages (the screening, the
programs, help) the Content-Security-Policy's ``frame-ancestors`` then lists them, and the
older ``X-Frame-Options`` header, which cannot name a site, is left off. Every other page (staff,
the admin, the API, the health check) keeps ``frame-ancestors 'none'`` and ``DENY``: nothing a
counsellor sees can be framed. Quick exit and the crisis links open in the whole window
(``target="_top"``), never inside the frame.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from intake.attribution import PATIENT_NAMESPACES


def snippet() -> str:
    """The HTML the centre pastes into a page of its site to show the screener there."""
    screener = f"{settings.SITE_URL.rstrip('/')}{reverse('intake:intro')}"
    return (
        f'<iframe src="{screener}" title="Confidential screening" width="100%" height="900" '
        'referrerpolicy="strict-origin-when-cross-origin"></iframe>'
    )


class FramingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        origins = settings.DOORWAY_FRAME_ANCESTORS
        match = getattr(request, "resolver_match", None)
        if origins and match is not None and match.namespace in PATIENT_NAMESPACES:
            # Read by django-csp's middleware, which runs after this one on the way out.
            response._csp_replace = {"frame-ancestors": ["'self'", *origins]}
            if "X-Frame-Options" in response:
                del response["X-Frame-Options"]
        return response
