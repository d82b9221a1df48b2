"""Staff sign-in keeps its limits on guessing in the cache: with Redis away, a member of staff
gets the kind "busy, try again" page (503), never an error page and never a way round them."""

import pytest
from django.core.cache import caches
from django.test import Client

from tests.accounts.conftest import LOGIN, post_password
from tests.conftest import closed_port
from tests.reliability.test_database_down import assert_busy_page

pytestmark = [pytest.mark.reliability, pytest.mark.django_db]


@pytest.fixture
def cache_down(settings):
    """The cache is a real Redis client pointed at a local port where nothing listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    # Changing CACHES through the settings fixture makes Django drop the cache clients it had.
    assert caches["default"]._servers == [settings.CACHES["default"]["LOCATION"]]


def test_a_password_posted_while_the_cache_is_down_gets_the_busy_page(cache_down, counsellor):
    browser = Client(raise_request_exception=False)
    response = post_password(browser, counsellor.username)
    assert_busy_page(response, text="Please wait a minute")
    assert "_auth_user_id" not in browser.session, "nobody is signed in past the limits"
    assert browser.get(LOGIN).status_code == 200, "the sign-in page itself still opens"
