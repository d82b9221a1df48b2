"""Fixtures for the sign-in tests: enrolled staff, and limits that start at zero each test."""

import pytest

from tests.auth import PASSWORD, enrol_totp

LOGIN = "/staff/login/"
SECOND_STEP = "/staff/second-step/"
ENROL = "/staff/enrol/"


@pytest.fixture(autouse=True)
def fresh_limits(db):
    """Rate limits and used-code marks live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def recovery_codes(user) -> list[str]:
    from allauth.mfa.models import Authenticator

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return authenticator.wrap().get_unused_codes()


def post_password(client, username: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN, {"login": username, "password": password}, **extra)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def enrolled_counsellor(counsellor):
    """The counsellor persona with an authenticator app: (user, key)."""
    return counsellor, enrol_totp(counsellor)


@pytest.fixture
def client_factory():
    """Another browser: its own cookies, optionally its own headers."""
    from django.test import Client

    return lambda **headers: Client(**headers)
