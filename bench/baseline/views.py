"""The baselines: what bare Django costs, under the same gunicorn, middleware and database as
Doorway, so the intake's throughput can be read as a ratio that survives a noisy machine.

- ``insert_one``: the cheapest useful Django POST (CSRF checked, one INSERT). Kept as
  information: it does far less than a screening step.
- ``session_step``: the same work as a screening step, done plainly. A POST with CSRF validates a
  small form (two questions, a dozen choices, like an average step), reads and writes the
  database-backed session and redirects; the GET reads the session and renders a page of the
  same size and structure as a step's with Django templates. This is the fair limit.
"""

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from bench.baseline.models import Row

SESSION_KEY = "bench_steps"
# A screening has about thirteen steps: the page says which one this is, as a step's does.
STEPS = 13


@require_http_methods(["GET", "POST"])
def insert_one(request: HttpRequest) -> HttpResponse:
    """GET hands out a CSRF token (as a page would); POST inserts one row."""
    if request.method == "POST":
        Row.objects.create(note=request.POST.get("note", "")[:40])
        return HttpResponse("ok", status=201, content_type="text/plain")
    return HttpResponse(get_token(request), content_type="text/plain")


class StepForm(forms.Form):
    """Two questions, twelve choices: the size of an average screening step (whose pages are
    about 7 kB: this one's too)."""

    how_often = forms.ChoiceField(
        label="How often in the past month?",
        choices=[
            ("daily", "Every day or almost"),
            ("weekly", "A few times a week"),
            ("monthly", "A few times a month"),
            ("less", "Less often"),
        ],
        widget=forms.RadioSelect,
        help_text="Count the days, not the amounts: a little on a day counts as a day.",
    )
    which = forms.MultipleChoiceField(
        label="Which of these apply? Tick all that do.",
        choices=[
            (f"choice_{n}", f"Statement {n}, about as long as the label of a real choice")
            for n in range(8)
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Leave them all unticked if none does; a counsellor will ask about the rest.",
    )


@require_http_methods(["GET", "POST"])
def session_step(request: HttpRequest) -> HttpResponse:
    steps = request.session.get(SESSION_KEY, {})
    number = len(steps) % STEPS + 1
    if request.method == "POST":
        form = StepForm(request.POST)
        if form.is_valid():
            steps[str(number)] = form.cleaned_data
            if len(steps) >= STEPS:
                steps = {}
            request.session[SESSION_KEY] = steps
            return HttpResponseRedirect(request.path)
    else:
        form = StepForm(initial=steps.get(str(number), {}))
    return render(
        request, "bench_baseline/step.html", {"form": form, "number": number, "steps": STEPS}
    )
