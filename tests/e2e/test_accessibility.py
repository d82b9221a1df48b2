"""axe-core on every page a person or a counsellor reaches, in English and in Spanish, on a
phone-sized screen: no violation of any impact.

Each journey walks through pages as people do and names every state it stops at; the test runs
axe on each one. A new page or state (say, a step shown with its errors) is one more ``yield``
in a journey, or one more journey in ``JOURNEYS``.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from admissions.models import AssessmentSlot, FollowUp, LeadEvent
from programs.demo import seed_catalog
from programs.models import Program
from tests.e2e.conftest import PHONE, axe_violations
from tests.e2e.staff import code_step, password_step
from tests.e2e.test_intake import LOVED_ONE, REACH_OUT, answer, send, start, walk
from tests.factories import CRISIS_ANSWERS, LeadFactory
from tests.intake.conftest import STEP_POSTS

pytestmark = pytest.mark.e2e

LANGUAGES = ["en", "es"]
CRISIS_SAFETY = {"suicidal_thoughts": "yes", "plan": "yes"}


@dataclass
class Visit:
    """What a journey may use: the browser page and the people in the database."""

    page: object
    supervisor: object


def _step_name(page) -> str:
    match = re.search(r"/screen/step/([\w-]+)/", page.url)
    return match.group(1) if match else ""


def _through_the_screening(visit: Visit, changes: dict, label: str) -> Iterator[str]:
    """Every step as it first appears (nothing chosen yet), the review and the result."""
    page = visit.page
    start(page)
    while (name := _step_name(page)) != "review":
        if page.url.endswith("/screen/support/"):
            yield f"{label}: crisis panel"
            page.get_by_role("link", name=re.compile("Continue|Seguir")).click()
            page.wait_for_load_state()
            continue
        assert name, page.url
        yield f"{label}: step {name}"
        answer(page, {**STEP_POSTS.get(name, {}), **changes.get(name, {})})
        page.locator("button[name='action'][value='next']").click()
        page.wait_for_load_state()
    yield f"{label}: review"
    send(page)
    yield f"{label}: result"


def public_pages(visit: Visit) -> Iterator[str]:
    seed_catalog()
    program = Program.objects.order_by("pk").first()
    for path in ("/", "/help/", "/programs/", program.get_absolute_url(), "/screen/"):
        visit.page.goto(path)
        yield path


def screening_for_oneself(visit: Visit) -> Iterator[str]:
    yield from _through_the_screening(visit, {}, "for oneself")


def screening_for_a_loved_one(visit: Visit) -> Iterator[str]:
    # The steps only a loved one's screening (or a request for a call) shows, and the result:
    # the other steps are the same pages in other words, checked above.
    only_here = ("step relationship", "step contact", "review", "result")
    for state in _through_the_screening(visit, {**LOVED_ONE, **REACH_OUT}, "for a loved one"):
        if state.endswith(only_here):
            yield state


def screening_in_crisis(visit: Visit) -> Iterator[str]:
    changes = {"safety": {**STEP_POSTS["safety"], **CRISIS_SAFETY}, **REACH_OUT}
    for state in _through_the_screening(visit, changes, "in crisis"):
        if state.endswith(("crisis panel", "result")):
            yield state


def screening_new_states(visit: Visit) -> Iterator[str]:
    """A step shown with its errors after the redirect, the box for a child under 12, the
    review's Change links, and the page Back shows after sending."""
    page = visit.page
    start(page)
    answer(page, STEP_POSTS["start"])
    page.locator("button[name='action'][value='next']").click()
    page.wait_for_url("**/screen/step/age/")
    answer(page, {"age": "9"})
    page.locator("button[name='action'][value='next']").click()
    page.wait_for_selector("#under-twelve")
    yield "age under 12, with its error"
    answer(page, STEP_POSTS["age"])
    page.locator("button[name='action'][value='next']").click()
    page.wait_for_url("**/screen/step/substances/")
    walk(page)
    yield "review with its Change links"
    send(page)
    page.goto("/screen/step/review/")
    yield "already sent"


def staff_pages(visit: Visit) -> Iterator[str]:
    page, supervisor = visit.page, visit.supervisor
    lead = LeadFactory(
        answers_changes=CRISIS_ANSWERS, assigned_to=supervisor, message="Please call after six."
    )
    LeadEvent.objects.create(lead=lead, kind=LeadEvent.Kind.NOTE, body="Left a voicemail")
    lead.possible_duplicates.add(LeadFactory())
    # The lead page's next action and booking, "My day" and the slots page with something in them.
    FollowUp.objects.create(lead=lead, kind="call", due_at=timezone.now(), assigned_to=supervisor)
    start = timezone.now() + timedelta(days=1)
    AssessmentSlot.objects.create(
        staff=supervisor, mode="phone", starts_at=start, ends_at=start + timedelta(hours=1)
    )
    page.goto("/staff/login/")
    yield "staff login"
    secret = password_step(page, supervisor)
    yield "second step"
    code_step(page, secret)
    for path in (
        "/staff/",
        f"/staff/leads/{lead.pk}/",
        f"/staff/leads/{lead.pk}/insurance/",
        "/staff/leads/new/",
        "/staff/dashboard/",
        "/staff/audit/",
        "/staff/my-day/",
        "/staff/slots/",
    ):
        page.goto(path)
        yield path
    page.goto(f"/staff/leads/{lead.pk}/")
    page.locator("#status-status").select_option("closed")
    with page.expect_navigation():
        page.locator("#status-status").evaluate("select => select.form.requestSubmit()")
    yield "lead page with a status error"


JOURNEYS: dict[str, Callable[[Visit], Iterator[str]]] = {
    "public pages": public_pages,
    "screening for oneself": screening_for_oneself,
    "screening for a loved one": screening_for_a_loved_one,
    "screening in crisis": screening_in_crisis,
    "screening, new states": screening_new_states,
    "staff pages": staff_pages,
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("journey", list(JOURNEYS))
def test_no_page_has_any_axe_violation(new_page, live_server, axe, supervisor, journey, language):
    page = new_page(viewport=PHONE)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    problems, seen = [], []
    for state in JOURNEYS[journey](Visit(page=page, supervisor=supervisor)):
        assert page.evaluate("document.documentElement.lang") == language, state
        seen.append(state)
        problems += [f"{state}: {problem}" for problem in axe_violations(axe, page)]
    assert len(seen) >= 2, seen
    assert problems == []


def test_the_check_reports_a_violation_of_any_impact(new_page, axe):
    page = new_page()
    page.goto("/help/")
    # Minor (a best practice), moderate and serious problems, each one axe must report.
    page.evaluate(
        """() => {
        const PIXEL = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==";
        const main = document.querySelector("main");
        main.insertAdjacentHTML("beforeend", '<h5>Skipped levels</h5><img src="' + PIXEL + '">');
        document.querySelector("html").removeAttribute("lang");
    }"""
    )
    found = {problem.split(" ")[0] for problem in axe_violations(axe, page)}
    assert {"heading-order", "image-alt", "html-has-lang"} <= found
