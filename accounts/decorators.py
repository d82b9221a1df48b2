"""Guards for staff views: ``requires(perm)`` for pages, ``entrance`` for the ways in.

Both leave a mark on the view (``doorway_permission``, ``doorway_entrance``) that the
access-matrix test reads from the URL patterns, so the rule a URL follows is the rule tested.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.permissions import Perm, allows
from accounts.roles import roles_of
from accounts.second_factor import sign_in_redirect


def refuse(request: HttpRequest) -> HttpResponse:
    """A signed-in user may not open this: 403, with a word for an account that has no role."""
    if not roles_of(request.user):
        return render(request, "accounts/no_role.html", status=403)
    raise PermissionDenied


def requires(perm: Perm) -> Callable:
    """Signed in (password and second factor), then a role that holds ``perm``; else 403.

    Anonymous requests go to the sign-in page, or straight to the second step when the password
    was already given.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return sign_in_redirect(request)
            if not allows(request.user, perm):
                return refuse(request)
            return view(request, *args, **kwargs)

        guarded.doorway_permission = perm
        return guarded

    return decorator


def entrance(view: Callable) -> Callable:
    """Mark a view as a way in (sign-in, second step, password reset, single sign-on): open to
    anonymous requests, because it is what they are sent to."""

    @wraps(view)
    def way_in(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return view(request, *args, **kwargs)

    way_in.doorway_entrance = True
    return way_in
