"""The questions of rules 2.0 in a real browser, phone-sized, in English and Spanish: each
appears, and is skipped, as "How the form asks" says."""

import pytest

from tests.e2e.conftest import PHONE
from tests.e2e.test_intake import _step_name, answer, send, start, walk
from tests.intake.conftest import STEP_POSTS

pytestmark = pytest.mark.e2e


def _phone(new_page, language: str):
    return new_page(viewport=PHONE, is_mobile=True, has_touch=True, locale=f"{language}-US")


def _visible(page, name: str) -> bool:
    return page.locator(f"#step-form [name='{name}']").first.is_visible()


def _next(page) -> None:
    page.locator("button[name='action'][value='next']").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_new_questions_appear_and_skip_as_the_reference_says(new_page, language):
    page = _phone(new_page, language)
    start(page)
    walk(page, until="substances")

    # How often a depressant: only once a depressant and another substance are ticked.
    assert not _visible(page, "depressant_frequency")
    answer(page, {"substances": ["alcohol"]})
    assert not _visible(page, "depressant_frequency")
    answer(page, {"substances": ["cannabis"]})
    assert _visible(page, "depressant_frequency")
    page.uncheck("#step-form input[name='substances'][value='alcohol']")
    assert not _visible(page, "depressant_frequency")
    answer(page, {"substances": ["alcohol"], "primary_substance": "cannabis"})
    answer(page, {"frequency": "daily", "depressant_frequency": "monthly"})
    _next(page)
    walk(page, until="withdrawal")

    # Withdrawal history with use in the past 30 days: symptoms now asked too.
    assert _visible(page, "withdrawal_history") and _visible(page, "withdrawal_now")
    page.locator("button[name='action'][value='back']").click()
    page.wait_for_url("**/screen/step/criteria/")
    page.locator("button[name='action'][value='back']").click()
    page.wait_for_url("**/screen/step/substances/")
    answer(page, {"frequency": "not_past_30_days", "depressant_frequency": "not_past_30_days"})
    _next(page)
    walk(page, until="withdrawal")
    # No use in 30 days, but alcohol: the history is still asked, symptoms now are not.
    assert _visible(page, "withdrawal_history") and not _visible(page, "withdrawal_now")
    answer(page, {"withdrawal_history": ["seizures"]})
    _next(page)
    walk(page, until="risks")

    # Overdose, injecting, custody and nicotine: asked of everyone.
    for name in ("overdose_past_year", "injects", "left_custody_recently", "nicotine"):
        assert _visible(page, name), name
    answer(page, {**STEP_POSTS["risks"], "nicotine": "yes"})
    _next(page)
    walk(page, until="mental_health")

    # Steadiness of mental health: only once something is ticked.
    assert not _visible(page, "mental_health_stable")
    answer(page, {"mental_health": ["anxiety"]})
    assert _visible(page, "mental_health_stable")
    answer(page, {"mental_health_stable": "yes", "psych_hospital_past_year": "no"})
    _next(page)
    assert _step_name(page) == "mood"
    walk(page)
    send(page)
    assert page.locator("#nicotine a[href='tel:18007848669']").is_visible()


@pytest.mark.parametrize("language", ["en", "es"])
def test_without_a_depressant_or_opioids_and_no_recent_use_withdrawal_is_skipped(
    new_page, language
):
    page = _phone(new_page, language)
    start(page)
    walk(page, until="substances")
    answer(page, {"substances": ["cannabis"], "frequency": "not_past_30_days"})
    _next(page)
    walk(page, until="health")
    page.locator("button[name='action'][value='back']").click()
    page.wait_for_url("**/screen/step/criteria/")
