"""With PostgreSQL unreachable, people get a kind "busy, try again" page (503, Retry-After).

The test database connection is pointed at a local port where nothing listens, as when the
server is stopped or failing over; the next connection attempt fails for real.
"""

import contextlib
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client

from tests.conftest import closed_port
from tests.intake.conftest import Walker, step_url

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]


@contextlib.contextmanager
def database_down() -> Iterator[None]:
    """Every new database connection fails until the block ends."""
    settings_dict = connection.settings_dict
    port = settings_dict["PORT"]
    connection.close()
    settings_dict["PORT"] = str(closed_port())
    try:
        yield
    finally:
        connection.close()
        settings_dict["PORT"] = port


def assert_busy_page(response, *, text: str) -> None:
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert text in html
    assert 'href="/help/"' in html and "988" in html, "crisis help is still one tap away"
    for technical in ("Traceback", "OperationalError", "connection"):
        assert technical not in html


def test_a_step_sent_while_the_database_is_down_gets_the_busy_page_and_works_after():
    browser = Client(raise_request_exception=False)
    walker = Walker(browser)
    walker.walk(until="substances")
    with database_down():
        response = walker.post("substances")
    assert_busy_page(response, text="Your answers so far are safe")
    # Back up: the answers given before are all there, and the step goes through.
    assert walker.post("substances")["Location"] == step_url("criteria")
    assert browser.get(step_url("age")).context["form"]["age"].value() == "34"


def test_a_first_visit_while_the_database_is_down_gets_the_busy_page_in_spanish():
    browser = Client(raise_request_exception=False, headers={"Accept-Language": "es"})
    with database_down():
        # Nothing is read from the database here: saving the new session fails, after the view.
        response = browser.get(step_url("start"))
    assert_busy_page(response, text="Tus respuestas hasta ahora están a salvo")


def test_healthz_fails_while_the_database_is_down_and_status_still_answers(client):
    with database_down():
        health = client.get("/healthz")
        status = client.get("/healthz/status")
    assert health.status_code == 503
    assert int(health["Retry-After"]) > 0
    assert health.json() == {"status": "unavailable", "database": "down"}
    assert status.status_code == 200
    body = status.json()
    assert (body["status"], body["database"]) == ("degraded", "down")
    assert body["worker"]["state"] == body["sweeper"]["state"] == "unknown"
