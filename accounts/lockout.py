"""Sign-in lockout (django-axes): who is locked now, and how many tries are left.

Five wrong passwords lock for fifteen minutes, counted both for the username, from whatever
addresses, and for the address, whatever usernames (``AXES_LOCKOUT_PARAMETERS``).
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


def username_of(request: HttpRequest, credentials: dict | None) -> str | None:
    """The username a sign-in tried: allauth's form calls the field ``login``; ``authenticate``
    calls it ``username``."""
    if credentials and credentials.get("username"):
        return credentials["username"]
    data = getattr(request, "data", request.POST)
    return data.get("login") or data.get("username")


def attempts_left(request: HttpRequest, username: str) -> int:
    """Wrong passwords still allowed before the lock, for this username from this address."""
    failures = AxesProxyHandler.get_failures(request, {"username": username})
    return max(settings.AXES_FAILURE_LIMIT - failures, 0)


def cool_off_minutes() -> int:
    return int(get_cool_off().total_seconds() // 60)


def _recent_attempts():
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - get_cool_off())


def _locked(field: str) -> set[str]:
    totals = _recent_attempts().values(field).annotate(failures=Sum("failures_since_start"))
    return {
        row[field]
        for row in totals
        if row[field] and row["failures"] >= settings.AXES_FAILURE_LIMIT
    }


def locked_usernames() -> set[str]:
    return _locked("username")


def locked_addresses() -> set[str]:
    return _locked("ip_address")
