"""API keys: who is calling (authentication), what it may do (scopes), how often (rate limit).

A missing, unknown, expired or revoked key gets 401; a valid key without the operation's scope
gets 403. Views name their scope per HTTP method in ``required_scopes``. Keys are integrations,
not staff: what a key may do lives with the key.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from redis.exceptions import RedisError
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.throttling import SimpleRateThrottle

from handoff.models import ApiKey

logger = logging.getLogger(__name__)

KEYWORD = "Api-Key"
# What the cache raises when Redis is down or does not answer in time.
CACHE_ERRORS = (RedisError, OSError)
# ``last_used_at`` is written at most this often per key, not on every request.
TOUCH_EVERY = timedelta(minutes=1)
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class ApiKeyAuthentication(BaseAuthentication):
    """``Authorization: Api-Key <prefix>.<secret>``; the key is ``request.auth``."""

    def authenticate(self, request):
        keyword, _space, key = get_authorization_header(request).decode("latin-1").partition(" ")
        if keyword.lower() != KEYWORD.lower():
            return None
        try:
            api_key = ApiKey.objects.get_from_key(key.strip())
        except ApiKey.DoesNotExist:
            raise exceptions.AuthenticationFailed(
                _("This API key is not valid, or it has been revoked.")
            ) from None
        if api_key.has_expired:
            raise exceptions.AuthenticationFailed(_("This API key has expired."))
        now = timezone.now()
        if api_key.last_used_at is None or now - api_key.last_used_at > TOUCH_EVERY:
            ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        return AnonymousUser(), api_key

    def authenticate_header(self, request) -> str:
        return KEYWORD


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Send "Api-Key <key>". Keys are made in the admin and shown once.',
        }


class HasScopes(BasePermission):
    """The key holds the scope the view names for this method in ``required_scopes``."""

    def has_permission(self, request, view) -> bool:
        api_key = request.auth
        if not isinstance(api_key, ApiKey):
            return False
        method = "GET" if request.method in ("HEAD", "OPTIONS") else request.method
        scope = getattr(view, "required_scopes", {}).get(method)
        if scope is None or scope not in api_key.scopes:
            self.message = _("This API key does not have the %s scope.") % (scope or method)
            return False
        return True


class ApiKeyThrottle(SimpleRateThrottle):
    """``DOORWAY_API_RATE`` requests per key. Without the cache (Redis down) nobody is held up."""

    scope = "api_key"

    def get_rate(self) -> str:
        return settings.DOORWAY_API_RATE

    def parse_rate(self, rate: str) -> tuple[int, int]:
        count, period = rate.split("/")
        return int(count), int(period[:-1] or 1) * _PERIODS[period[-1]]

    def get_cache_key(self, request, view) -> str | None:
        if not isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except CACHE_ERRORS:
            logger.warning("Cache unreachable: API requests not rate limited.")
            return True
