"""The cache (Redis) helps the screening but is never needed to finish it.

Rate limits and the double-submit mark live in the cache. When it cannot be reached, a person
still gets through: their screening matters more than a limit, and the session's one-time submit
token still stops a refresh or a second click from sending twice.
"""

import logging

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What the cache raises when Redis is down or does not answer in time.
CACHE_ERRORS = (RedisError, OSError)

SENT_MARK_SECONDS = 24 * 60 * 60


def _sent_key(token: str) -> str:
    return f"intake:sent:{token}"


def claim_send(token: str) -> bool:
    """Mark the submit ``token`` as sent; true only for the first caller, or without a cache."""
    try:
        return bool(cache.add(_sent_key(token), 1, SENT_MARK_SECONDS))
    except CACHE_ERRORS:
        logger.warning("Cache unreachable: sending without the double-submit mark.")
        return True


def release_send(token: str) -> None:
    """Let the ``token`` be sent again (the send failed before anything was stored)."""
    try:
        cache.delete(_sent_key(token))
    except CACHE_ERRORS:
        logger.warning("Cache unreachable: the double-submit mark was not cleared.")
