"""Sending a screening when the database fails or the cache is gone: one lead, nobody locked out.

Real PostgreSQL (a second connection locks the lead table and ends the backend doing the
INSERT) and a cache on a port where nothing listens. Each Send runs in its own thread with its
own database connection, as concurrent requests would.
"""

import contextlib
import threading
from collections.abc import Callable, Iterator

import psycopg
import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client, override_settings

from admissions.models import Lead
from tests.conftest import closed_port
from tests.intake.conftest import STEP_POSTS, Walker, step_url
from tests.reliability.conftest import wait_for

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]

REACH_OUT = {"finish": {"finish": "reach_out"}}
CONTACT = {**STEP_POSTS["contact"], "first_name": "Marisol", "phone": "555 010 7731"}


@pytest.fixture
def admin_connection() -> Iterator[psycopg.Connection]:
    """A second connection to the test database, outside Django: it locks and terminates."""
    db = connection.settings_dict
    with psycopg.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        autocommit=True,
    ) as second:
        yield second


@contextlib.contextmanager
def table_locked(admin: psycopg.Connection) -> Iterator[None]:
    """Lock the lead table against writes (reads go on) until the block ends."""
    admin.execute("BEGIN")
    admin.execute("LOCK TABLE admissions_lead IN SHARE MODE")
    try:
        yield
    finally:
        admin.execute("ROLLBACK")


def in_thread(request: Callable[[], object]) -> tuple[threading.Thread, list]:
    """Run ``request`` in a thread (with its own database connection); its result lands in
    the returned list."""
    results: list = []

    def run() -> None:
        try:
            results.append(request())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, results


def backends_waiting_to_insert(admin: psycopg.Connection) -> list[int]:
    """Backends of the test database blocked on a lock while inserting a lead."""
    # Inside a transaction the statistics views keep their first snapshot: take a fresh one.
    admin.execute("SELECT pg_stat_clear_snapshot()")
    return [
        pid
        for (pid,) in admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO \"admissions_lead\"%%'"
        ).fetchall()
    ]


def send_request(client: Client, token: str) -> Callable[[], object]:
    data = {"action": "send", "submit_token": token}
    return lambda: client.post(step_url("review"), data)


def browser_like(client: Client) -> Client:
    """Another client with the same cookies: the same browser, a second request."""
    twin = Client(raise_request_exception=False)
    twin.cookies = client.cookies
    return twin


def test_a_database_error_during_send_loses_nothing_and_send_works_again_at_once(
    client, admin_connection
):
    walker = Walker(client)
    walker.walk(changes={**REACH_OUT, "contact": CONTACT})
    token = client.get(step_url("review")).context["submit_token"]

    with table_locked(admin_connection):
        thread, results = in_thread(send_request(browser_like(client), token))
        try:
            wait_for(lambda: backends_waiting_to_insert(admin_connection), what="the INSERT")
            for pid in backends_waiting_to_insert(admin_connection):
                admin_connection.execute("SELECT pg_terminate_backend(%s)", [pid])
        finally:
            thread.join(timeout=30)

    [failed] = results
    assert failed.status_code == 503, "the busy page, not a blank error"
    assert failed["Retry-After"]
    assert "Your answers so far are safe" in failed.content.decode()
    assert Lead.objects.count() == 0

    # The person presses Send again (the page still shows the same form): it just works.
    again = client.post(step_url("review"), {"action": "send", "submit_token": token})
    assert again["Location"] == "/screen/result/"
    lead = Lead.objects.get()
    assert (lead.first_name, lead.phone) == ("Marisol", "555 010 7731")
    assert lead.answers["use_criteria"] == STEP_POSTS["criteria"]["use_criteria"]
    assert "within" in client.get("/screen/result/").content.decode()


CACHE_DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": settings.CACHES["default"]["OPTIONS"],
    }
}


@override_settings(CACHES=CACHE_DOWN)
def test_a_double_click_on_send_while_the_cache_is_down_makes_one_lead(client, admin_connection):
    walker = Walker(client)
    walker.walk(changes={**REACH_OUT, "contact": CONTACT})
    token = client.get(step_url("review")).context["submit_token"]

    # Hold both INSERTs at the lock, so the two clicks really are in flight together.
    with table_locked(admin_connection):
        clicks = [in_thread(send_request(browser_like(client), token)) for _ in range(2)]
        wait_for(
            lambda: len(backends_waiting_to_insert(admin_connection)) == 2,
            what="both sends to reach the INSERT",
        )
    for thread, _results in clicks:
        thread.join(timeout=30)

    responses = [results[0] for _thread, results in clicks]
    assert [response.status_code for response in responses] == [302, 302]
    assert {response["Location"] for response in responses} == {"/screen/result/"}
    assert Lead.objects.count() == 1
