"""Per-client limits on anonymous posts, so nobody can flood the admissions queue."""

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited


def step_limited(request: HttpRequest) -> bool:
    """Count one step post; true once the client is over ``DOORWAY_RATE_STEPS``."""
    return is_ratelimited(
        request,
        group="intake-steps",
        key="ip",
        rate=settings.DOORWAY_RATE_STEPS,
        increment=True,
    )


def intake_limited(request: HttpRequest) -> bool:
    """Count one completed intake; true once the client is over ``DOORWAY_RATE_INTAKES``."""
    return is_ratelimited(
        request,
        group="intake-finish",
        key="ip",
        rate=settings.DOORWAY_RATE_INTAKES,
        increment=True,
    )
