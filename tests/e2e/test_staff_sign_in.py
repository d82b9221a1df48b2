"""In Chromium: a new member of staff enrols a second factor, then signs in with it.

Codes come from ``pyotp``, as an authenticator app would compute them; the security key is
Chromium's virtual authenticator (the DevTools protocol's WebAuthn domain).
"""

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from admissions.models import AuditEntry
from tests.auth import PASSWORD, fresh_code
from tests.factories import CounsellorFactory, UserFactory

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def fresh_cache():
    """Used codes and sign-in limits live in the cache; start each test without any."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def newcomer(transactional_db):
    return CounsellorFactory(user=UserFactory(username="newcomer")).user


def password_step(page, username: str) -> None:
    page.goto("/staff/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/staff/login/")


def enter_code(page, code: str) -> None:
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Sign In").click()


def test_enrol_an_app_then_sign_in_with_its_codes_and_a_recovery_code_once(page, newcomer):
    password_step(page, newcomer.username)
    page.wait_for_url("**/staff/enrol/")
    assert page.get_by_role("heading", name="Set up your second step").is_visible()
    secret = page.locator("#totp-secret").inner_text().strip()
    assert page.get_by_role("img", name="QR code for your authenticator app").is_visible()

    page.get_by_label("Authenticator code").fill("000000")
    page.get_by_role("button", name="Check the code and continue").click()
    expect(page.get_by_text("Incorrect code.")).to_be_visible()
    assert "/staff/enrol/" in page.url

    # Checking a code at enrolment does not use it up: the same code may sign in below.
    page.get_by_label("Authenticator code").fill(fresh_code(secret))
    page.get_by_role("button", name="Check the code and continue").click()
    page.wait_for_url("**/staff/security/recovery-codes/")
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) == 10

    log_out(page)
    password_step(page, newcomer.username)
    page.wait_for_url("**/staff/second-step/")
    enter_code(page, "123456" if fresh_code(secret) != "123456" else "654321")
    expect(page.get_by_text("Incorrect code.")).to_be_visible()
    assert "/staff/second-step/" in page.url
    enter_code(page, fresh_code(secret))
    page.wait_for_url("**/staff/")
    assert page.get_by_role("heading", name=re.compile("queue", re.I)).first.is_visible()

    log_out(page)
    password_step(page, newcomer.username)
    enter_code(page, codes[0])
    page.wait_for_url("**/staff/")

    log_out(page)
    password_step(page, newcomer.username)
    enter_code(page, codes[0])
    expect(page.get_by_text("Incorrect code.")).to_be_visible()
    assert "/staff/second-step/" in page.url

    recorded = list(AuditEntry.objects.filter(user=newcomer).values_list("action", flat=True))
    assert recorded.count("login") == 3
    assert "recovery_code_used" in recorded and "factor_added" in recorded
    assert recorded.count("second_factor_failed") == 2


def virtual_authenticator(page) -> None:
    """A USB security key that answers every request at once, as if touched."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable", {"enableUI": False})
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def test_enrol_a_security_key_then_sign_in_with_it(page, newcomer):
    virtual_authenticator(page)
    password_step(page, newcomer.username)
    page.wait_for_url("**/staff/enrol/")
    page.get_by_role("button", name="Use my security key").click()
    page.wait_for_url("**/staff/security/recovery-codes/")
    assert Authenticator.objects.filter(user=newcomer, type="webauthn").count() == 1

    log_out(page)
    password_step(page, newcomer.username)
    page.wait_for_url("**/staff/second-step/")
    page.get_by_role("button", name="Use a security key").click()
    page.wait_for_url("**/staff/")
    login = AuditEntry.objects.filter(user=newcomer, action="login").latest("pk")
    assert login.detail == {"methods": ["mfa/webauthn", "password"]}
