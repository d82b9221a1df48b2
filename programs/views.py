"""Public pages about care: the levels-of-care explainer, the program list and program pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from programs.forms import ProgramFilterForm
from programs.levels import LEVEL_GUIDE
from programs.models import Program
from programs.selectors import program_list as select_programs


def home(request: HttpRequest) -> HttpResponse:
    """What Doorway is, the four levels of care in plain words, and the way into the screening."""
    return render(request, "programs/home.html", {"levels": LEVEL_GUIDE})


def program_list(request: HttpRequest) -> HttpResponse:
    """Every program, filtered by level, audience, schedule and language."""
    form = ProgramFilterForm(request.GET or None)
    programs = select_programs(filters=form.filters())
    return render(
        request,
        "programs/program_list.html",
        {"form": form, "programs": programs, "filtered": bool(form.filters())},
    )


def program_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One program: what it offers, when it meets, who it is for."""
    program = get_object_or_404(Program, slug=slug)
    return render(request, "programs/program_detail.html", {"program": program})


def program_by_id(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff pages link by id; the public address uses the program's slug."""
    program = get_object_or_404(Program.objects.only("slug"), pk=pk)
    return redirect(program, permanent=True)
