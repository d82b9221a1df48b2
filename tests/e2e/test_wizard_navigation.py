"""The wizard's way around in a real browser: Back after an error shows the page, never the
browser's "Confirm Form Resubmission"; the review's Change link returns to the step and then to
the review; switching language keeps the page's unsaved ticks; a new step starts at its heading."""

import re

import pytest

from tests.e2e.conftest import assert_accessible
from tests.e2e.test_intake import answer, send, start, walk

pytestmark = pytest.mark.e2e


def _press(page, action: str) -> None:
    page.locator(f"button[name='action'][value='{action}']").click()
    page.wait_for_load_state()


def test_back_after_an_error_shows_the_page_not_a_resubmission(page, axe):
    start(page)
    walk(page, until="substances")
    answer(page, {"substances": ["cannabis"]})
    _press(page, "next")  # how often is missing
    assert page.locator("#error-summary").is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.locator("input[name='substances'][value='cannabis']").is_checked()
    assert_accessible(axe, page)
    # The error page is a GET: reloading it asks nothing and resubmits nothing.
    reloaded = page.reload()
    assert reloaded.request.method == "GET" and reloaded.status == 200
    assert page.locator("input[name='substances'][value='cannabis']").is_checked()
    # Back, then Forward: pages, never Chrome's "Confirm Form Resubmission".
    page.go_back()
    page.wait_for_load_state()
    assert "ERR_CACHE_MISS" not in page.content()
    assert page.get_by_role("heading", level=1).is_visible()
    assert "/screen/step/" in page.url
    page.go_forward()
    page.wait_for_load_state()
    assert "ERR_CACHE_MISS" not in page.content()
    assert page.get_by_role("heading", name="What you use").is_visible()


def test_each_new_step_starts_with_focus_on_its_heading(page):
    start(page)
    assert page.evaluate("document.activeElement.id") == "step-heading"
    walk(page, until="substances")
    assert page.evaluate("document.activeElement.id") == "step-heading"
    assert page.evaluate("document.activeElement.textContent") == "What you use"


def test_the_reviews_change_link_returns_to_the_step_and_back_to_the_review(page, axe):
    start(page)
    walk(page)
    page.get_by_role("link", name=re.compile(r"^Change\s+Home and the people around you")).click()
    page.wait_for_url("**/screen/step/home/?back_to=review")
    assert page.locator("input[name='living'][value='stable']").is_checked()
    answer(page, {"living": "unstable"})
    _press(page, "next")
    page.wait_for_url("**/screen/step/review/")
    assert_accessible(axe, page)
    section = page.locator("section[aria-labelledby='review-home']")
    assert "A home that may not last" in section.inner_text()
    assert "A stable home" not in section.inner_text()
    send(page)


def test_switching_language_keeps_the_pages_unsaved_ticks(page):
    start(page)
    walk(page, until="home")
    answer(page, {"living": "stable", "support": ["family"]})
    page.get_by_role("button", name="Español").click()
    page.wait_for_selector("html[lang='es']")
    assert page.url.endswith("/screen/step/home/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("input[name='living'][value='stable']").is_checked()
    assert page.locator("input[name='support'][value='family']").is_checked()
    assert page.locator("#error-summary").count() == 0
    # And back to English, with one more tick.
    answer(page, {"obligations": ["work"]})
    page.get_by_role("button", name="English").click()
    page.wait_for_selector("html[lang='en']")
    assert page.url.endswith("/screen/step/home/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("input[name='obligations'][value='work']").is_checked()
    assert page.locator("input[name='support'][value='family']").is_checked()


def test_the_main_substance_question_offers_only_what_was_ticked(page):
    start(page)
    walk(page, until="substances")
    primary = page.locator("#div_id_primary_substance")
    assert primary.is_hidden()
    answer(page, {"substances": ["alcohol"]})
    assert primary.is_hidden()
    answer(page, {"substances": ["cannabis"]})
    assert primary.is_visible()
    offered = page.locator("input[name='primary_substance']:visible")
    assert sorted(offered.evaluate_all("inputs => inputs.map(i => i.value)")) == [
        "alcohol",
        "cannabis",
    ]
    page.check("input[name='primary_substance'][value='cannabis']")
    answer(page, {"frequency": "weekly", "depressant_frequency": "weekly"})
    _press(page, "next")
    assert "/screen/step/substances/" not in page.url
