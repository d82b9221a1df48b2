"""Patient-facing pages."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.cache import never_cache


def crisis_help(request: HttpRequest) -> HttpResponse:
    """Crisis resources, reachable from every page through "Need help now?"."""
    return render(request, "intake/help.html")


@never_cache
def quick_exit(request: HttpRequest) -> HttpResponse:
    """Leave for a neutral site. The button's script replaces the history entry on the way."""
    response = HttpResponseRedirect(settings.QUICK_EXIT_URL)
    response["Referrer-Policy"] = "no-referrer"
    return response
