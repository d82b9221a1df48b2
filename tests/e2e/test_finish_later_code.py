"""Finish later with a code to write down, in a real browser on a phone-sized screen: the code is
shown once, typed back in another browser, and the screening goes on where it stopped."""

import re

import pytest
from django.conf import settings

from tests.e2e.conftest import PHONE, axe_violations
from tests.e2e.test_intake import answer, start, walk

pytestmark = pytest.mark.e2e

WORDS = {
    "en": {
        "show code": "Show me a code to write down",
        "have code": "I have a code",
        "continue": "Continue",
        "wrong": "That code does not open a saved screening",
        "welcome": "Welcome back.",
    },
    "es": {
        "show code": "Mostrarme un código para anotar",
        "have code": "Tengo un código",
        "continue": "Continuar",
        "wrong": "Ese código no abre ningún cuestionario guardado",
        "welcome": "Qué bueno que volviste.",
    },
}


def _in_language(new_page, live_server, language: str):
    page = new_page(viewport=PHONE)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    return page, requested


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_code_written_down_continues_the_screening_in_another_browser(
    new_page, live_server, axe, language
):
    words = WORDS[language]
    page, requested = _in_language(new_page, live_server, language)
    start(page)
    walk(page, until="health")
    answer(page, {"medical_unstable": "yes"})
    page.locator("button[name='action'][value='later']").click()
    page.wait_for_url("**/screen/later/")
    page.get_by_role("button", name=words["show code"]).click()
    page.wait_for_url("**/screen/later/code/")
    code = page.locator("code#draft-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}", code), code
    assert page.evaluate("document.documentElement.lang") == language
    assert axe_violations(axe, page) == []
    assert _fits_the_screen(page), "the code is readable without scrolling sideways"

    other, other_requested = _in_language(new_page, live_server, language)
    other.goto("/screen/")
    other.get_by_role("link", name=words["have code"]).click()
    other.wait_for_url("**/screen/code/")
    assert axe_violations(axe, other) == []
    wrong = code[:-1] + ("C" if code.endswith("B") else "B")
    other.get_by_label(re.compile("Your code|Tu código")).fill(wrong)
    other.get_by_role("button", name=words["continue"]).click()
    other.wait_for_selector(".invalid-feedback")
    assert words["wrong"] in other.content()
    assert other.get_by_label(re.compile("Your code|Tu código")).input_value() == wrong
    assert axe_violations(axe, other) == [], "the page with its error"

    other.get_by_label(re.compile("Your code|Tu código")).fill(code.lower().replace("-", " "))
    other.get_by_role("button", name=words["continue"]).click()
    other.wait_for_url("**/screen/step/risks/")
    assert other.get_by_text(words["welcome"]).is_visible()
    other.locator("button[name='action'][value='back']").click()
    other.wait_for_url("**/screen/step/health/")
    assert other.locator("input[name='medical_unstable'][value='yes']").is_checked()

    for url in requested + other_requested:
        assert code not in url and code.replace("-", "") not in url.upper(), url
