"""The safety step in a real browser, phone-sized, in English and Spanish: the crisis panel from
any post carrying a crisis answer (Continue, Back or Finish later, the rest of the page blank),
and follow-up questions that appear only after the answer that asks them."""

import re

import pytest

from admissions.models import Lead
from tests.e2e.conftest import PHONE, assert_accessible
from tests.e2e.test_intake import answer, send, start, walk

pytestmark = pytest.mark.e2e

PANEL = {"en": "Help is available right now", "es": "Hay ayuda disponible ahora mismo"}
GO_ON = {"en": "Continue the screening", "es": "Seguir con el cuestionario"}
LATER = {"en": "Finish later", "es": "Terminar más tarde"}


def _phone(new_page, language: str):
    return new_page(viewport=PHONE, is_mobile=True, has_touch=True, locale=f"{language}-US")


def _press(page, action: str) -> None:
    page.locator(f"button[name='action'][value='{action}']").click()
    page.wait_for_load_state()


def _sees_the_panel(page, language: str) -> None:
    page.wait_for_url("**/screen/support/")
    assert page.get_by_role("heading", name=PANEL[language]).is_visible()
    assert page.locator("a[href='tel:988']").is_visible()
    assert page.locator("a[href='sms:988']").is_visible()
    assert page.locator("a[href='tel:911']").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_crisis_answer_with_the_rest_blank_then_back_then_finish_later_shows_the_panel(
    new_page, axe, language
):
    page = _phone(new_page, language)
    start(page)
    walk(page, until="safety")

    # Continue with one crisis answer and every other question blank.
    answer(page, {"behavior_past_3_months": "yes"})
    _press(page, "next")
    _sees_the_panel(page, language)
    assert_accessible(axe, page)
    page.get_by_role("link", name=GO_ON[language]).click()
    page.wait_for_url("**/screen/step/safety/")
    assert page.locator("input[name='behavior_past_3_months'][value='yes']").is_checked()

    # Back, with a plan to end their life (asked once thoughts of it are answered yes).
    answer(page, {"suicidal_thoughts": "yes", "plan": "yes"})
    _press(page, "back")
    _sees_the_panel(page, language)
    page.get_by_role("link", name=GO_ON[language]).click()
    page.wait_for_url("**/screen/step/risks/")
    _press(page, "next")
    page.wait_for_url("**/screen/step/safety/")
    assert page.locator("input[name='plan'][value='yes']").is_checked()

    # Finish later, now with a plan to hurt someone too.
    answer(page, {"harm_others": "yes", "harm_others_plan": "yes"})
    _press(page, "later")
    _sees_the_panel(page, language)
    page.get_by_role("link", name=LATER[language], exact=True).last.click()
    page.wait_for_url("**/screen/later/")


@pytest.mark.parametrize("language", ["en", "es"])
def test_safety_follow_ups_appear_only_after_a_yes_or_not_sure(new_page, language):
    page = _phone(new_page, language)
    start(page)
    walk(page, until="safety")
    follow_ups = ("method", "intent", "plan")
    for name in (*follow_ups, "harm_others_plan"):
        assert not page.locator(f"input[name='{name}']").first.is_visible()
    answer(page, {"suicidal_thoughts": "unsure"})
    for name in follow_ups:
        assert page.locator(f"input[name='{name}']").first.is_visible()
    assert not page.locator("input[name='harm_others_plan']").first.is_visible()
    answer(page, {"suicidal_thoughts": "no", "harm_others": "yes"})
    for name in follow_ups:
        assert not page.locator(f"input[name='{name}']").first.is_visible()
    assert page.locator("input[name='harm_others_plan']").first.is_visible()
    # Answered no, the follow-ups are not asked: the page goes on without them.
    answer(page, {"wish_dead": "no", "behavior_past_3_months": "no", "harm_others": "no"})
    _press(page, "next")
    page.wait_for_url(re.compile(r".*/screen/step/mental_health/$"))


UNSURE_EVERYWHERE = dict.fromkeys(
    (
        "wish_dead",
        "suicidal_thoughts",
        "method",
        "intent",
        "plan",
        "behavior_past_3_months",
        "harm_others",
        "harm_others_plan",
    ),
    "unsure",
)
PARENT = {
    "start": {"respondent": "loved_one"},
    "relationship": {"relationship": "parent"},
    "finish": {"finish": "reach_out"},
}
DONT_KNOW = {"en": "I don't know", "es": "No lo sé"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_parent_who_does_not_know_any_safety_answer_sends_an_urgent_lead(new_page, axe, language):
    page = _phone(new_page, language)
    start(page)
    walk(page, changes=PARENT, until="safety")
    assert page.get_by_text(DONT_KNOW[language], exact=True).first.is_visible()
    # Each follow-up appears once the answer before it is "I don't know".
    answer(page, UNSURE_EVERYWHERE)
    for name in UNSURE_EVERYWHERE:
        assert page.locator(f"input[name='{name}'][value='unsure']").is_checked(), name
    assert_accessible(axe, page)
    _press(page, "next")
    page.wait_for_url("**/screen/step/mental_health/")
    box = page.locator("#help-box")
    assert box.is_visible() and box.locator("a[href='tel:988']").is_visible()
    walk(page, changes=PARENT)
    send(page)
    lead = Lead.objects.get()
    assert lead.priority == "urgent" and not lead.crisis
    assert lead.answers["safety"] == dict.fromkeys(UNSURE_EVERYWHERE)
    assert page.locator("#helplines a[href='tel:988']").is_visible()
