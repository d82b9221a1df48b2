"""The optional coverage step on a phone-sized screen: a person fills it in and staff see it on
the lead page; another person skips it and the lead has no coverage."""

import re

import pytest

from admissions.models import Lead
from benefits.models import Coverage, Payer
from tests.e2e.conftest import PHONE, assert_accessible
from tests.e2e.staff import sign_in
from tests.e2e.test_intake import REACH_OUT, send, start, walk

pytestmark = pytest.mark.e2e


@pytest.fixture
def payer(transactional_db) -> Payer:
    return Payer.objects.create(name="Acme Health Plan", payer_id="60054")


def test_a_person_gives_their_insurance_and_staff_see_it_on_the_lead(
    new_page, axe, payer, supervisor
):
    page = new_page(PHONE)
    start(page)
    walk(page, changes=REACH_OUT, until="coverage")
    assert page.get_by_role("heading", name="Insurance (you can skip this)").is_visible()
    assert_accessible(axe, page)
    page.get_by_label("How will you pay?").select_option("commercial")
    page.get_by_label("Your insurance company").select_option(label="Acme Health Plan")
    page.get_by_label("Member ID (on the card)").fill("W123456789")
    page.get_by_label("Group number (on the card)").fill("GRP77")
    page.get_by_label("Whose name is the insurance in?").select_option("self")
    page.locator("button[name='action'][value='next']").click()
    page.wait_for_url("**/screen/step/review/")
    send(page)
    assert page.locator("#benefits-note").is_visible()
    assert (
        "Nothing on this page means that care is covered"
        in page.locator("#benefits-note").inner_text()
    )

    lead = Lead.objects.get()
    staff = new_page(PHONE)
    sign_in(staff, supervisor)
    staff.goto(f"/staff/leads/{lead.pk}/")
    text = staff.locator("body").inner_text()
    for shown in ("Acme Health Plan", "W123456789", "GRP77", "Not yet verified"):
        assert shown in text
    staff.get_by_role("link", name="Benefits queue").click()
    staff.wait_for_url("**/benefits/**")
    assert lead.first_name in staff.locator("body").inner_text()


def test_a_person_skips_the_insurance_step_and_no_coverage_is_stored(new_page, payer):
    page = new_page(PHONE)
    start(page)
    walk(page, changes=REACH_OUT, until="coverage")
    # Something typed, then skipped after all: it is not kept.
    page.get_by_label("Member ID (on the card)").fill("W 12")
    page.get_by_role("button", name=re.compile("Skip this step")).click()
    page.wait_for_url("**/screen/step/review/")
    send(page)
    assert Lead.objects.count() == 1
    assert not Coverage.objects.exists()
