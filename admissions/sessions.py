"""Staff sessions: logged off after 15 idle minutes and after 12 hours whatever happens; the
queue search words are kept here too, so names and phone numbers never travel in a URL.

Django's own expiry slides forward whenever the session is saved, so it cannot give an absolute
limit; the login time is kept in the session and checked on every request. The last-seen time is
only rewritten once a minute, so an active page does not write the session on every request.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

LOGIN_AT_KEY = "doorway_login_at"
QUEUE_SEARCH_KEY = "doorway_queue_search"
SEEN_AT_KEY = "doorway_seen_at"
SEEN_RESOLUTION_SECONDS = 60
DEFAULT_IDLE_SECONDS = 15 * 60
DEFAULT_ABSOLUTE_SECONDS = 12 * 60 * 60


def idle_limit() -> int:
    return getattr(settings, "DOORWAY_STAFF_IDLE_SECONDS", DEFAULT_IDLE_SECONDS)


def absolute_limit() -> int:
    return getattr(settings, "DOORWAY_STAFF_SESSION_SECONDS", DEFAULT_ABSOLUTE_SECONDS)


def mark_login(request: HttpRequest) -> None:
    """Start the clocks; call right after ``login()``."""
    now = time.time()
    request.session[LOGIN_AT_KEY] = now
    request.session[SEEN_AT_KEY] = now


def queue_search(request: HttpRequest) -> str:
    """The words the member of staff last searched the queue for ("" for none)."""
    return request.session.get(QUEUE_SEARCH_KEY, "")


def set_queue_search(request: HttpRequest, words: str) -> None:
    request.session[QUEUE_SEARCH_KEY] = words


def session_expired(request: HttpRequest, now: float) -> bool:
    """Idle too long, or logged in too long ago."""
    login_at = request.session.get(LOGIN_AT_KEY)
    seen_at = request.session.get(SEEN_AT_KEY)
    if login_at is None or seen_at is None:
        return False
    return now - seen_at > idle_limit() or now - login_at > absolute_limit()


class StaffSessionTimeoutMiddleware:
    """Ends a logged-in session that sat idle or outlived the absolute limit.

    Goes after AuthenticationMiddleware. A session that never went through the staff login
    (such as the admin's) gets its clocks started on its first request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            if session_expired(request, now):
                # Flushes the server-side session; the page then asks for a login.
                logout(request)
            elif request.session.get(LOGIN_AT_KEY) is None:
                mark_login(request)
            elif now - request.session[SEEN_AT_KEY] >= SEEN_RESOLUTION_SECONDS:
                request.session[SEEN_AT_KEY] = now
        return self.get_response(request)
