"""Whether a session has passed the second factor, and where a half-finished sign-in goes next.

django-allauth signs a user in only after every login stage (``accounts.stages``): a password
alone leaves the session anonymous with a stage pending. A session that is signed in without
a second factor on record (one that predates second factors, or a bug) is never trusted:
``accounts.middleware.SecondFactorMiddleware`` ends it.
"""

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.stagekit import get_pending_stage
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse


def passed(request: HttpRequest) -> bool:
    """The signed-in user proved a second factor (code, key or recovery code) in this session."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def sign_in_redirect(request: HttpRequest) -> HttpResponse:
    """For an anonymous request to a staff page: the step the sign-in is waiting for (the second
    factor, or enrolling one) when a password was already given, else the sign-in page."""
    stage = get_pending_stage(request)
    if stage is not None and stage.urlname:
        return HttpResponseRedirect(reverse(stage.urlname))
    return redirect_to_login(request.get_full_path())
