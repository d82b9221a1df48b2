"""Per-client limits on anonymous posts: they protect the service's resources (steps, finish-later
messages, photo uploads), never a person's right to be called back.

A screening that shows crisis or urgent need is kept even when its address is over the intake
limit (``heard_despite_limit``): many people can share one address (a clinic's Wi-Fi, a
carrier's network), and the person at risk must not pay for the others.
"""

import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from intake.cache_safety import CACHE_ERRORS
from screening import InvalidAnswers, Priority, evaluate, parse_answers

logger = logging.getLogger(__name__)


def _limited(request: HttpRequest, *, group: str, rate: str, key: str = "ip") -> bool:
    """Count one post in ``group``; true once the client is over ``rate``.

    The counts live in the cache; when it cannot be reached nobody is refused (a person in need
    matters more than the limit), and the gap is logged.
    """
    try:
        return is_ratelimited(request, group=group, key=key, rate=rate, increment=True)
    except CACHE_ERRORS:
        logger.warning("Cache unreachable: %s not rate limited.", group)
        return False


def step_limited(request: HttpRequest) -> bool:
    """Count one step post; true once the client is over ``DOORWAY_RATE_STEPS``."""
    return _limited(request, group="intake-steps", rate=settings.DOORWAY_RATE_STEPS)


def intake_limited(request: HttpRequest) -> bool:
    """Count one completed intake; true once the client is over ``DOORWAY_RATE_INTAKES``."""
    return _limited(request, group="intake-finish", rate=settings.DOORWAY_RATE_INTAKES)


def upload_limited(request: HttpRequest, *, lead_id: int) -> bool:
    """Count one photo upload; true once the client, or the lead, is over ``DOORWAY_RATE_UPLOADS``.

    Decoding a photo is the costliest thing an anonymous person can ask of a server, so both
    the address and the lead are counted: neither many leads from one address nor one lead
    from many addresses gets more than the rate.
    """
    rate = settings.DOORWAY_RATE_UPLOADS
    by_address = _limited(request, group="intake-uploads", rate=rate)
    by_lead = _limited(
        request, group="intake-uploads-lead", rate=rate, key=lambda _group, _request: str(lead_id)
    )
    return by_address or by_lead


def heard_despite_limit(answers: Mapping[str, Any]) -> bool:
    """Whether a screening must be kept whatever the limits say: crisis or urgent need."""
    try:
        assessment = evaluate(parse_answers(answers))
    except InvalidAnswers:
        return False
    return assessment.crisis or assessment.priority is Priority.URGENT
