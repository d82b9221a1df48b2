"""Never trust a signed-in session that has not passed a second factor."""

from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from accounts import second_factor


class SecondFactorMiddleware:
    """End a signed-in session with no second factor on record, before any view sees it.

    Sign-in through ``accounts`` never creates one; a session from before second factors
    existed, or from any other ``login()``, is sent back to the sign-in page like a stranger.
    Goes after django-allauth's ``AccountMiddleware``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not second_factor.passed(request):
            logout(request)
        return self.get_response(request)
