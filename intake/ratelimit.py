"""Per-client limits on anonymous posts, so nobody can flood the admissions queue."""

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited


def client_ip(group: str, request: HttpRequest) -> str:
    """The client's address. Behind one proxy it is the last X-Forwarded-For entry (the one our
    proxy added); anything before it was written by the client and cannot be trusted."""
    if settings.DOORWAY_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


def step_limited(request: HttpRequest) -> bool:
    """Count one step post; true once the client is over ``DOORWAY_RATE_STEPS``."""
    return is_ratelimited(
        request,
        group="intake-steps",
        key=client_ip,
        rate=settings.DOORWAY_RATE_STEPS,
        increment=True,
    )


def intake_limited(request: HttpRequest) -> bool:
    """Count one completed intake; true once the client is over ``DOORWAY_RATE_INTAKES``."""
    return is_ratelimited(
        request,
        group="intake-finish",
        key=client_ip,
        rate=settings.DOORWAY_RATE_INTAKES,
        increment=True,
    )
