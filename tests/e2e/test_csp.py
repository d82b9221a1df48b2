"""In a real browser, no page breaks the Content-Security-Policy: patient pages and staff pages.

Any inline script, inline style attribute, eval or resource from another origin shows up as a
`securitypolicyviolation` event or a console error, and fails the test with the page named.
"""

from importlib import import_module

import pytest
from django.conf import settings

from admissions.insurance import insurance_card_add
from tests.auth import enrol_totp, fresh_code
from tests.factories import BASE_ANSWERS, LeadFactory, assess
from tests.security.images import photo

pytestmark = pytest.mark.e2e

# Recorded by the page itself, from the very first script, whatever the page does next.
LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


class Visitor:
    """One browser context that notes every CSP complaint, page by page."""

    def __init__(self, page, base_url: str) -> None:
        self.base_url = base_url
        self.page = page
        self.context = page.context
        self.context.add_init_script(LISTEN_FOR_VIOLATIONS)
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("requestfailed", self._request_failed)

    def _request_failed(self, request) -> None:
        # A request the browser gave up because the test moved on to the next page (the
        # favicon, fetched after load) is not a blocked one.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _console(self, message) -> None:
        text = message.text
        if message.type == "error" and (
            "Content Security Policy" in text or "Content-Security-Policy" in text
        ):
            self.problems.append(f"{self.page.url}: {text}")

    def check(self) -> None:
        """Collect the violations the current page recorded."""
        self.page.wait_for_load_state("load")
        for violation in self.page.evaluate("window.__cspViolations || []"):
            self.problems.append(f"{self.page.url}: {violation}")

    def visit(self, path: str) -> None:
        response = self.page.goto(path)
        assert response is not None and response.status < 500, f"{path}: {response}"
        assert "default-src 'self'" in response.headers["content-security-policy"], path
        self.check()

    def log_in_session(self, data: dict) -> None:
        """Give the browser a session holding ``data``, as the intake would have left it."""
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store.update(data)
        store.save()
        self.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": store.session_key,
                    "url": self.base_url,
                }
            ]
        )


@pytest.fixture
def visitor(new_page, live_server) -> Visitor:
    return Visitor(new_page(), live_server.url)


def test_patient_pages_break_no_content_security_rule(visitor):
    for path in [
        "/",
        "/help/",
        "/programs/",
        "/screen/",
        "/screen/later/",
        "/screen/resume/",
        "/screen/resume/open/",  # its script posts at once: the "link no longer works" page
        "/screen/forget/done/",
    ]:
        visitor.visit(path)

    visitor.visit("/screen/begin/")
    visitor.page.get_by_role("button", name="Continue").click()  # errors shown, nothing chosen
    visitor.check()
    visitor.page.get_by_label("For me").check()
    visitor.page.get_by_role("button", name="Continue").click()
    visitor.check()

    lead = LeadFactory()
    visitor.log_in_session(
        {
            "intake_result": {
                "assessment": assess(BASE_ANSWERS),
                "answers": BASE_ANSWERS,
                "steps": {},
                "lead": True,
                "lead_id": lead.pk,
            }
        }
    )
    visitor.visit("/screen/result/")
    visitor.visit("/screen/insurance-card/")
    visitor.visit("/no-such-page/")
    assert visitor.problems == []


def test_staff_pages_break_no_content_security_rule(visitor, supervisor):
    lead = LeadFactory(message="Please call after six.")
    insurance_card_add(lead=lead, side="front", upload=photo("JPEG"))
    secret = enrol_totp(supervisor)

    visitor.visit("/staff/login/")
    visitor.page.get_by_label("Username").fill(supervisor.username)
    visitor.page.get_by_label("Password").fill("correct-horse-battery-staple")
    visitor.page.get_by_role("button", name="Sign in").click()
    visitor.check()
    assert visitor.page.url.endswith("/staff/second-step/"), "the second step, with its key script"
    visitor.page.get_by_label("Code").fill(fresh_code(secret))
    visitor.page.get_by_role("button", name="Sign In").click()
    visitor.check()
    assert visitor.page.url.endswith("/staff/"), "logged in and on the queue"

    for path in [
        "/staff/",
        f"/staff/leads/{lead.pk}/",
        f"/staff/leads/{lead.pk}/insurance/",
        "/staff/dashboard/",
        "/staff/audit/",
        "/staff/accounts/",
        "/staff/security/",
        "/staff/security/recovery-codes/",
    ]:
        visitor.visit(path)
    visitor.visit(f"/staff/leads/{lead.pk}/insurance/")
    loaded = visitor.page.evaluate("Array.from(document.images).map(img => img.naturalWidth > 0)")
    assert loaded == [True], "the card photo loads under the policy"
    assert visitor.problems == []


@pytest.mark.urls("tests.security.urls")
def test_the_check_notices_an_inline_script_and_style(visitor):
    visitor.visit("/inline/")
    assert any("script-src" in problem for problem in visitor.problems)
    assert any("style-src" in problem for problem in visitor.problems)
