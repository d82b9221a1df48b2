"""The lead page in a real browser: a form's error is the first thing seen, each label finds its
own box."""

import pytest

from tests.e2e.staff import sign_in
from tests.factories import LeadFactory

pytestmark = pytest.mark.e2e


def test_a_status_error_takes_focus_at_the_top_of_the_page(page, supervisor):
    lead = LeadFactory(assigned_to=supervisor)
    sign_in(page, supervisor)
    page.goto(f"/staff/leads/{lead.pk}/")
    page.get_by_label("New status").select_option("closed")
    page.get_by_role("button", name="Change status").click()
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    box = summary.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"], "not below the fold"
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "status-reason"
    assert page.get_by_label("New status").input_value() == "closed", "the choice is kept"


def test_each_label_focuses_its_own_box(page, supervisor):
    lead = LeadFactory(assigned_to=supervisor)
    sign_in(page, supervisor)
    page.goto(f"/staff/leads/{lead.pk}/")
    page.locator("label", has_text="Note").first.click()
    assert page.evaluate("document.activeElement.id") == "note-body"
    page.locator("label", has_text="Details (optional)").click()
    assert page.evaluate("document.activeElement.id") == "contact-body"
