"""Every API operation, driven by schemathesis from the OpenAPI schema: no server error, and
every response (status, content type, body) is the one the schema documents."""

from datetime import timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from admissions.models import AssessmentSlot, FollowUp
from config.wsgi import application
from tests.factories import CounsellorFactory, LeadFactory, ProgramFactory
from tests.handoff.conftest import give_consent, make_key

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def same_connection():
    """Keep the test's database connection through WSGI calls, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, settings, same_connection):
    """Leads with and without consent (one with a next action), a program, a free slot, and a
    key that may do everything."""
    settings.DOORWAY_API_RATE = "100000/m"
    consented = LeadFactory()
    give_consent(consented)
    soon = timezone.now() + timedelta(days=1)
    FollowUp.objects.create(lead=consented, kind=FollowUp.Kind.CALL, due_at=soon)
    AssessmentSlot.objects.create(
        staff=CounsellorFactory().user,
        mode="phone",
        starts_at=soon,
        ends_at=soon + timedelta(hours=1),
    )
    LeadFactory()
    limited = LeadFactory(answers_changes={"respondent": "loved_one", "relationship": "parent"})
    give_consent(limited, information="contact_and_level")
    ProgramFactory()
    _key, secret = make_key()
    return {"Authorization": f"Api-Key {secret}"}


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_documented(case, world):
    case.call_and_validate(headers=world, checks=CHECKS)
