"""Every POST without a CSRF token is refused with 403, whoever sends it and wherever it goes."""

import pytest
from django.test import Client

from tests.auth import log_in
from tests.factories import LeadFactory, ProgramFactory
from tests.security.test_no_third_party import SIGN_IN_SAMPLES, fill, routes

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_route(db) -> list[str]:
    lead = LeadFactory()
    program = ProgramFactory()
    values = {
        "lead_id": str(lead.pk),
        "pk": str(program.pk),
        "program_id": str(program.pk),
        "slug": program.slug,
        "name": "start",
        "token": "not-a-real-token-but-well-formed-0123456789",
        "consent_id": "1",
        "delivery_id": "1",
        "table": "funnel",
        **SIGN_IN_SAMPLES,
    }
    # The API takes no cookie: an API key, never a session, authenticates it (tests/handoff).
    paths = [
        fill(route, values) for _, route in routes() if not route.lstrip("^").startswith("api/")
    ]
    return [*paths, "/admin/login/"]


def test_post_without_token_is_refused_everywhere_for_a_visitor(every_route):
    client = Client(enforce_csrf_checks=True)
    client.get("/help/")  # holds a CSRF cookie, as a real browser would; sends no token
    refused = {path: client.post(path, {"x": "1"}).status_code for path in every_route}
    assert set(refused.values()) == {403}, refused


def test_post_without_token_is_refused_everywhere_for_staff(every_route, supervisor):
    client = Client(enforce_csrf_checks=True)
    log_in(client, supervisor)
    refused = {path: client.post(path, {"x": "1"}).status_code for path in every_route}
    assert set(refused.values()) == {403}, refused


def test_a_wrong_token_is_refused_too(supervisor):
    lead = LeadFactory()
    client = Client(enforce_csrf_checks=True)
    log_in(client, supervisor)
    client.get("/staff/")
    response = client.post(
        f"/staff/leads/{lead.pk}/note/", {"body": "x", "csrfmiddlewaretoken": "x" * 64}
    )
    assert response.status_code == 403


def test_the_same_post_with_its_token_is_accepted(supervisor):
    lead = LeadFactory()
    client = Client(enforce_csrf_checks=True)
    log_in(client, supervisor)
    client.get(f"/staff/leads/{lead.pk}/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        f"/staff/leads/{lead.pk}/note/", {"body": "Called back.", "csrfmiddlewaretoken": token}
    )
    assert response.status_code in {200, 302}
