"""Signing a member of staff in through the real pages: the password, then a code from the app.

The boxes are found by id, so the same steps work whatever language the page is in."""

from tests.auth import PASSWORD, enrol_totp, fresh_code


def password_step(page, user) -> str:
    """Give ``user`` an authenticator app and pass the password page; returns the app's key."""
    secret = enrol_totp(user)
    page.goto("/staff/login/")
    page.locator("#id_login").fill(user.get_username())
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/staff/second-step/")
    return secret


def code_step(page, secret: str) -> None:
    page.locator("#id_code").fill(fresh_code(secret))
    page.locator("#id_code").press("Enter")
    page.wait_for_url("**/staff/")


def sign_in(page, user) -> None:
    code_step(page, password_step(page, user))
