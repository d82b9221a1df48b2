"""Public pages about care: the home page and its explainer of the levels of care."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """What Doorway is, the four levels of care, and the way into the screening."""
    return render(request, "programs/home.html")
