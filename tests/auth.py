"""Signing staff in, in tests: the session a real sign-in leaves, second factor included.

``log_in`` is ``force_login`` plus the record django-allauth keeps of the password and the
second factor, so pages behind ``SecondFactorMiddleware`` open as they do after a real
sign-in. The sign-in itself (password, codes, keys, lockout) has its own tests in
tests/accounts/ that go through the real pages.
"""

import time

import pyotp

# django-allauth's session keys for the authentication record (allauth.account.internal).
METHODS_KEY = "account_authentication_methods"
METHODS_USER_KEY = "account_authentication_methods_user"
PASSWORD = "correct-horse-battery-staple"  # the factories' password


def log_in(client, user, *, second_factor: bool = True):
    """Sign ``user`` in on ``client``; with ``second_factor=False``, as if the password alone
    had been checked (a session that must not be trusted)."""
    client.force_login(user)
    session = client.session
    now = time.time()
    records = [{"method": "password", "at": now, "username": user.get_username()}]
    if second_factor:
        records.append({"method": "mfa", "at": now, "type": "totp"})
    session[METHODS_KEY] = records
    session[METHODS_USER_KEY] = str(user.pk)
    session.save()
    return client


def fresh_code(secret: str) -> str:
    """A code from the authenticator app, never one about to expire mid-request."""
    totp = pyotp.TOTP(secret)
    if totp.interval - time.time() % totp.interval < 3:
        time.sleep(3)
    return totp.now()


def enrol_totp(user) -> str:
    """Give ``user`` an authenticator app (and recovery codes); returns the app's key."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    secret = pyotp.random_base32()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def sign_in(client, user, secret: str, password: str = PASSWORD) -> None:
    """The real sign-in: the password on the sign-in page, then a code from the app."""
    client.post("/staff/login/", {"login": user.get_username(), "password": password})
    response = client.post("/staff/second-step/", {"code": fresh_code(secret)})
    assert response.status_code == 302, response.content[:500]
