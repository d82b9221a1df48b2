"""With Redis unreachable as a cache, a person still finishes the screening and is not lost."""

import pytest
from django.test import override_settings

from admissions.models import Lead
from tests.intake.conftest import STEP_POSTS, Walker, step_url

# A Redis cache on a port where nothing listens: every cache call fails at once.
CACHE_DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def cache_down():
    """Point the cache at the closed port (Django rebuilds its cache connections on this)."""
    with override_settings(CACHES=CACHE_DOWN):
        yield


@pytest.mark.django_db
def test_a_screening_with_contact_is_sent_and_the_lead_saved_while_the_cache_is_down(
    client, cache_down
):
    walker = Walker(client)
    walker.walk(changes={"finish": {"finish": "reach_out"}, "contact": STEP_POSTS["contact"]})
    response = walker.send()
    assert response.status_code == 302
    assert response["Location"] == "/screen/result/"
    assert client.get("/screen/result/").status_code == 200
    lead = Lead.objects.get()
    assert lead.first_name == STEP_POSTS["contact"]["first_name"]


@pytest.mark.django_db
def test_a_refresh_after_sending_still_makes_one_lead_while_the_cache_is_down(client, cache_down):
    walker = Walker(client)
    walker.walk(changes={"finish": {"finish": "reach_out"}})
    page = client.get(step_url("review"))
    data = {"action": "send", "submit_token": page.context["submit_token"]}
    client.post(step_url("review"), data)
    client.post(step_url("review"), data)
    assert Lead.objects.count() == 1
