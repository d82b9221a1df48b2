"""First-party attribution: where a visitor to the patient pages came from.

The first patient page a visitor opens with campaign tags (``utm_source``, ``utm_medium``,
``utm_campaign``) or from another site records them, and the referring host, in the visitor's
session; the lead or the anonymous tally made at the end of the screening keeps them. Nothing
is sent anywhere (no tracker, no pixel, no third-party script), nothing is written for a
visitor who brings neither, and what could name somebody is dropped
(``admissions.attribution``).
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from admissions import attribution
from intake import wizard
from intake.models import ScreeningStart

SESSION_KEY = "attribution"
# The URL namespaces of the pages a patient opens first (home, programs, the screening).
PATIENT_NAMESPACES = frozenset({"intake", "programs"})


def of_session(request: HttpRequest) -> dict[str, str]:
    """The visit's attribution (every field, "" when unknown)."""
    return attribution.clean(request.session.get(SESSION_KEY))


def note_arrival(request: HttpRequest) -> None:
    """Keep where this visit came from, once: the first page that says so wins."""
    if request.method != "GET" or SESSION_KEY in request.session:
        return
    own_hosts = frozenset({request.get_host()})
    found = attribution.from_request_parts(
        request.GET, request.headers.get("referer", ""), own_hosts
    )
    if any(found.values()):
        request.session[SESSION_KEY] = found


def note_start(request: HttpRequest) -> None:
    """Count this screening as begun, once per screening (the wizard forgets the mark when it
    is cleared, so starting again counts again)."""
    if wizard.get_flag(request, "counted_start"):
        return
    ScreeningStart.objects.create(
        date=timezone.localdate(),
        language=(getattr(request, "LANGUAGE_CODE", "") or "en")[:8],
        **of_session(request),
    )
    wizard.set_flag(request, "counted_start", True)


class AttributionMiddleware:
    """Runs ``note_arrival`` before the patient pages (never staff, admin or API pages)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and match.namespace in PATIENT_NAMESPACES:
            note_arrival(request)
        return None
