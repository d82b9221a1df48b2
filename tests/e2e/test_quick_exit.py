"""Quick exit from the keyboard: Esc twice leaves at once, one Esc never does, staff pages have
no Quick exit at all."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.e2e.staff import sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def neutral_site(settings):
    # Nothing may leave the test machine: the "neutral site" is a page of our own.
    settings.QUICK_EXIT_URL = "/programs/"


def watch_exits(page) -> list[str]:
    """Record every request for the quick-exit page."""
    exits: list[str] = []
    page.on("request", lambda request: exits.append(request.url) if "/exit/" in request.url else 0)
    return exits


def test_esc_twice_leaves_the_page_and_forgets_it_in_the_history(page, live_server):
    page.goto("/help/")
    page.goto("/screen/")
    exits = watch_exits(page)
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert exits == [], "one Esc (closing a list, a suggestion) must not leave"
    with page.expect_request("**/exit/"):
        page.keyboard.press("Escape")
    assert exits == [f"{live_server.url}/exit/"]
    page.wait_for_url("**/programs/")
    # location.replace: the screening's page is not in the history to come back to.
    page.go_back()
    assert page.url.endswith("/help/")


def test_esc_twice_works_while_typing_in_a_field(page):
    page.goto("/screen/begin/")
    page.get_by_label("For me").check()
    page.get_by_role("button", name="Continue").click()
    # The new step first puts focus on its heading; the person then clicks into the box.
    expect(page.locator("#step-heading")).to_be_focused()
    field = page.locator("#step-form input[type=text], #step-form input[type=number]").first
    field.fill("17")
    assert page.evaluate("document.activeElement.tagName") == "INPUT"
    with page.expect_request("**/exit/"):
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
    page.wait_for_url("**/programs/")
    page.goto("/screen/")
    assert "Continue where you left off" not in page.content(), "the screening is forgotten"


def test_two_escs_far_apart_do_not_leave(page):
    page.goto("/screen/")
    exits = watch_exits(page)
    page.keyboard.press("Escape")
    page.wait_for_timeout(1300)
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert exits == []
    assert page.url.endswith("/screen/")


def test_holding_esc_down_counts_once(page):
    page.goto("/screen/")
    exits = watch_exits(page)
    page.keyboard.down("Escape")
    page.dispatch_event("body", "keydown", {"key": "Escape", "repeat": True})
    page.keyboard.up("Escape")
    page.wait_for_timeout(300)
    assert exits == []


def test_the_hint_is_shown_beside_the_button_on_a_computer_not_on_a_phone(new_page):
    desktop = new_page()
    desktop.goto("/")
    hint = desktop.locator("#quick-exit-hint")
    assert hint.is_visible() and "Esc" in hint.inner_text()
    exit_link = desktop.get_by_role("link", name="Quick exit")
    assert exit_link.get_attribute("aria-describedby") == "quick-exit-hint"
    phone = new_page(viewport=PHONE, has_touch=True, is_mobile=True)
    phone.goto("/")
    assert not phone.locator("#quick-exit-hint").is_visible()
    assert phone.get_by_role("link", name="Quick exit").is_visible()


def test_staff_pages_have_no_quick_exit_and_esc_does_nothing(page, supervisor):
    page.goto("/staff/login/")
    assert page.locator("[data-quick-exit]").count() == 0
    assert page.get_by_role("link", name="Need help now?").count() == 0
    sign_in(page, supervisor)
    assert page.locator("[data-quick-exit]").count() == 0
    exits = watch_exits(page)
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert exits == [] and page.url.endswith("/staff/")
