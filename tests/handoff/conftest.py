"""Fixtures for the handoff tests: consents, API keys and their clients."""

import datetime
import os

import pytest
from django.utils import timezone

from admissions.consent_models import ConsentGivenBy
from admissions.consents import consent_record, parse_consent


def give_consent(lead, *, scope="tpo", recipient="", information="screening", days=365):
    """Record a signed Part 2 consent for ``lead`` (TPO unless a recipient is named)."""
    terms = {
        "scope": scope,
        "purpose": "Referral for treatment" if scope == "recipient" else "",
        "expires": (timezone.localdate() + datetime.timedelta(days=days)).isoformat(),
        "signed_by": f"{lead.first_name} {lead.last_name}",
        "information": information,
    }
    if recipient:
        terms["recipient"] = recipient
    return consent_record(
        lead_id=lead.pk, terms=parse_consent(terms), given_by=ConsentGivenBy.SIGNED_FORM
    )


@pytest.fixture
def lead(db):
    from tests.factories import LeadFactory

    return LeadFactory()


@pytest.fixture
def consented_lead(lead):
    give_consent(lead)
    return lead


def make_key(
    scopes=("leads:read", "leads:write", "fhir:read", "programs:read", "slots:read"),
    recipient="",
):
    """An API key with ``scopes``; returns the stored key and the secret shown once."""
    from handoff.models import ApiKey

    return ApiKey.objects.create_key(name="Test EHR", scopes=list(scopes), recipient=recipient)


def auth(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Api-Key {secret}"}


@pytest.fixture
def api_key(db):
    return make_key()


@pytest.fixture
def api(client, api_key):
    """A client that sends the all-scopes key on every request."""
    _key, secret = api_key
    client.defaults.update(auth(secret))
    return client


@pytest.fixture
def receiver_factory():
    """Make receivers (started or not); every one is stopped after the test."""
    from tests.handoff.receiver import Receiver

    made = []

    def make(secret: str, port: int) -> Receiver:
        receiver = Receiver(secret=secret, port=port)
        made.append(receiver)
        return receiver

    yield make
    for receiver in made:
        receiver.stop()


# A Redis database for this package's worker alone (see tests/reliability/conftest.py).
WEBHOOK_WORKER_REDIS_DB = 5


@pytest.fixture(scope="session")
def _webhook_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real Celery worker that retries webhooks after 1 s (then 2, 4 … s)."""
    from tests.reliability.conftest import start_worker, stop_worker

    previous = os.environ.get("DOORWAY_WEBHOOK_RETRY_SECONDS")
    os.environ["DOORWAY_WEBHOOK_RETRY_SECONDS"] = "1"
    try:
        with django_db_blocker.unblock():
            worker = start_worker(
                tmp_path_factory.mktemp("webhook-worker"), redis_db=WEBHOOK_WORKER_REDIS_DB
            )
    finally:
        if previous is None:
            del os.environ["DOORWAY_WEBHOOK_RETRY_SECONDS"]
        else:
            os.environ["DOORWAY_WEBHOOK_RETRY_SECONDS"] = previous
    yield worker
    stop_worker(worker)


@pytest.fixture
def webhook_worker(_webhook_worker, settings):
    """The worker, its queue empty; this process's tasks go to it during the test."""
    from tests.reliability.conftest import publishing_to, redis_url, wait_for

    settings.DOORWAY_WEBHOOK_RETRY_SECONDS = 1
    worker = _webhook_worker
    assert worker.process.poll() is None, worker.log_tail()
    worker.broker.flushdb()
    with publishing_to(redis_url(WEBHOOK_WORKER_REDIS_DB)):
        yield worker
    wait_for(worker.idle, timeout=30, what="the worker to finish its tasks")


@pytest.fixture
def spare_broker():
    """A Redis database nobody consumes: shows exactly what a code path publishes."""
    from tests.reliability.conftest import spare_broker as reliability_spare_broker

    yield from reliability_spare_broker.__wrapped__()
