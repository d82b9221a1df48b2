"""The screening in a real browser: as oneself and for a loved one, in English and Spanish, the
crisis path, finish later and resume, a phone-sized screen, and axe-core on every page."""

import re

import pytest
from django.conf import settings
from django.core import mail

from admissions.models import Lead
from intake.models import AnonymousResult
from tests.e2e.conftest import PHONE, assert_accessible
from tests.intake.conftest import STEP_POSTS

pytestmark = pytest.mark.e2e

LOVED_ONE = {"start": {"respondent": "loved_one"}, "relationship": {"relationship": "parent"}}
REACH_OUT = {"finish": {"finish": "reach_out"}}
CRISIS = {"safety": {**STEP_POSTS["safety"], "suicidal_thoughts": "yes", "plan": "yes"}}


def _step_name(page) -> str:
    match = re.search(r"/screen/step/([\w-]+)/", page.url)
    return match.group(1) if match else ""


def answer(page, data: dict) -> None:
    """Fill in the current step the way a person would: tick, choose and type."""
    for name, value in data.items():
        values = value if isinstance(value, list) else [value]
        field = page.locator(f"#step-form [name='{name}']").first
        kind = field.get_attribute("type")
        if kind in ("radio", "checkbox"):
            if not field.is_visible():
                # A follow-up the page hides until an earlier answer asks it: not answered.
                continue
            if field.get_attribute("value") is None:
                # A single box to tick (a consent): ticked.
                field.check()
                continue
            for item in values:
                page.check(f"#step-form input[name='{name}'][value='{item}']")
        elif field.evaluate("element => element.tagName") == "SELECT":
            page.select_option(f"select[name='{name}']", values[0])
        else:
            page.fill(f"#step-form [name='{name}']", values[0])


def walk(page, changes: dict | None = None, until: str = "review", axe=None) -> None:
    """Answer each step from where the page is until ``until``, checking each page with axe."""
    changes = changes or {}
    while (name := _step_name(page)) != until:
        if page.url.endswith("/screen/support/"):
            if axe:
                assert_accessible(axe, page)
            page.get_by_role("link", name=re.compile("Continue|Seguir")).click()
            continue
        assert name, page.url
        if axe:
            assert_accessible(axe, page)
        answer(page, {**STEP_POSTS.get(name, {}), **changes.get(name, {})})
        page.locator("button[name='action'][value='next']").click()
        page.wait_for_load_state()


def send(page) -> None:
    page.locator("button[name='action'][value='send']").click()
    page.wait_for_url("**/screen/result/")


def start(page) -> None:
    page.goto("/screen/")
    page.get_by_role("link", name=re.compile("Start the screening|Empezar el cuestionario")).click()
    page.wait_for_url("**/screen/step/start/")


def test_a_person_completes_the_screening_for_themselves_in_english(page, axe):
    page.goto("/screen/")
    assert_accessible(axe, page)
    start(page)
    # Keyboard only for the first answer: choose with Space, send with Enter.
    page.focus("#id_respondent_0")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_url("**/screen/step/age/")
    walk(page, axe=axe)
    assert_accessible(axe, page)
    send(page)
    assert page.locator("#result-level").inner_text() == "Intensive outpatient (IOP)"
    assert page.get_by_text("This is not a diagnosis").is_visible()
    assert_accessible(axe, page)
    assert Lead.objects.count() == 0 and AnonymousResult.objects.count() == 1


def test_a_parent_completes_it_for_a_loved_one_in_spanish_and_asks_for_a_call(page, axe):
    page.goto("/screen/")
    page.get_by_role("button", name="Español").click()
    page.wait_for_load_state()
    start(page)
    assert page.get_by_text("¿Para quién llenas este cuestionario?").is_visible()
    walk(page, changes={**LOVED_ONE, **REACH_OUT}, axe=axe)
    assert page.get_by_text("¿Cuántos años tiene tu ser querido?").count() == 1
    assert_accessible(axe, page)
    send(page)
    assert page.get_by_text("Esto no es un diagnóstico").is_visible()
    assert page.get_by_text("Lo que puedes hacer como familiar o amistad").is_visible()
    assert_accessible(axe, page)
    lead = Lead.objects.get()
    assert (lead.respondent, lead.relationship) == ("loved_one", "parent")


def test_a_loved_one_in_english_and_oneself_in_spanish_also_complete(new_page):
    english = new_page()
    start(english)
    walk(english, changes=LOVED_ONE)
    send(english)
    assert english.get_by_text("What you can do as family or a friend").is_visible()
    spanish = new_page(locale="es-US")
    start(spanish)
    walk(spanish)
    send(spanish)
    assert spanish.locator("#result-level").inner_text() == "Ambulatorio intensivo (IOP)"


def test_a_crisis_answer_brings_the_crisis_panel_and_the_screening_goes_on(page, axe):
    start(page)
    walk(page, until="safety")
    answer(page, CRISIS["safety"])
    page.locator("button[name='action'][value='next']").click()
    page.wait_for_url("**/screen/support/")
    call = page.locator("a[href='tel:988']")
    assert call.is_visible() and page.locator("a[href='sms:988']").is_visible()
    assert page.locator("a[href='tel:911']").is_visible()
    assert_accessible(axe, page)
    page.get_by_role("link", name="Continue the screening").click()
    page.wait_for_url("**/screen/step/mental_health/")
    walk(page, changes={**CRISIS, **REACH_OUT})
    send(page)
    assert page.get_by_text("within 15 minutes").is_visible()
    assert page.locator("a[href='tel:988']").first.is_visible()
    assert Lead.objects.get().priority == "urgent"


def test_finish_later_then_resume_from_the_emailed_link_in_another_browser(new_page, axe):
    page = new_page()
    start(page)
    walk(page, until="health")
    answer(page, {"medical_unstable": "yes"})
    page.locator("button[name='action'][value='later']").click()
    page.wait_for_url("**/screen/later/")
    assert_accessible(axe, page)
    page.fill("[name='contact']", "robin.test@example.org")
    page.get_by_role("button", name="Send me the link").click()
    page.wait_for_url("**/screen/later/sent/")
    link = re.search(r"https?://\S+/screen/resume/open/#[\w-]+", mail.outbox[-1].body).group(0)
    path = "/" + link.split("/", 3)[3]
    token = link.rsplit("#", 1)[-1]

    other = new_page()
    requested: list[str] = []
    other.on("request", lambda request: requested.append(request.url))
    other.goto(path)
    other.wait_for_url("**/screen/resume/")
    assert requested and not any(token in url for url in requested), "no request carried it"
    assert token not in other.url
    assert "medical" not in other.content().lower()
    assert_accessible(axe, other)
    other.fill("[name='contact']", "nobody@example.org")
    other.get_by_role("button", name="Continue").click()
    assert other.get_by_text("That is not the email or phone number").is_visible()
    other.fill("[name='contact']", "Robin.Test@example.org")
    other.get_by_role("button", name="Continue").click()
    other.wait_for_url("**/screen/step/risks/")
    other.locator("button[name='action'][value='back']").click()
    other.wait_for_url("**/screen/step/health/")
    assert other.locator("input[name='medical_unstable'][value='yes']").is_checked()


def test_the_screening_fits_a_375_pixel_wide_phone(new_page, axe):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    start(page)
    widths = []
    while (name := _step_name(page)) != "review":
        widths.append(page.evaluate("document.documentElement.scrollWidth"))
        if name in ("substances", "safety", "contact"):
            assert_accessible(axe, page)
        answer(page, {**STEP_POSTS.get(name, {}), **REACH_OUT.get(name, {})})
        page.locator("button[name='action'][value='next']").click()
        page.wait_for_load_state()
    widths.append(page.evaluate("document.documentElement.scrollWidth"))
    assert max(widths) <= PHONE["width"]
    send(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(axe, page)


def test_consent_is_given_on_the_contact_step_and_the_review_only_sends(page, axe):
    start(page)
    walk(page, changes=REACH_OUT, until="contact")
    contact = {k: v for k, v in STEP_POSTS["contact"].items() if k != "consent_contact"}
    answer(page, {**contact, "first_name": "Marisol"})
    page.locator("button[name='action'][value='next']").click()
    page.wait_for_selector("#error-summary")
    assert "/screen/step/contact/" in page.url
    assert page.get_by_text("Tick this box so a counsellor may contact you").first.is_visible()
    assert page.locator("#id_first_name").input_value() == "Marisol"
    page.get_by_role(
        "checkbox", name=re.compile("I agree that a counsellor may contact me")
    ).check()
    page.locator("button[name='action'][value='next']").click()
    page.wait_for_url("**/screen/step/coverage/")
    walk(page)
    assert page.locator("input[type='checkbox']").count() == 0
    consent_row = page.locator("#step-form dt", has_text="I agree that a counsellor may contact me")
    assert consent_row.locator("xpath=following-sibling::dd[1]").inner_text() == "Yes"
    assert_accessible(axe, page)
    send(page)
    lead = Lead.objects.get()
    assert lead.first_name == "Marisol" and lead.consent_version
    assert lead.consent_to_texts is False


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_contact_step_with_its_consent_errors_has_no_axe_violation(
    new_page, live_server, axe, language
):
    page = new_page(viewport=PHONE)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    start(page)
    walk(page, changes=REACH_OUT, until="contact")
    contact = {k: v for k, v in STEP_POSTS["contact"].items() if k != "consent_contact"}
    answer(page, {**contact, "contact_method": "text"})
    page.locator("button[name='action'][value='next']").click()
    page.wait_for_selector("#error-summary")
    assert page.locator("#id_consent_contact_error").is_visible()
    assert page.locator("#id_consent_texts_error").is_visible()
    assert page.evaluate("document.documentElement.lang") == language
    assert_accessible(axe, page)
