"""Benefits checks through a real Celery worker: a 503 is retried after a real backoff and the
answer lands; an unreadable answer fails the check without hurting the worker."""

import contextlib
import os
from collections.abc import Iterator

import pytest

from benefits.choices import CheckState, Failure
from benefits.models import BenefitsCheck
from benefits.services import benefits_check_request
from tests.benefits.clearinghouse import FakeClearinghouse
from tests.benefits.conftest import PROVIDER, give_coverage
from tests.factories import LeadFactory
from tests.reliability.conftest import (
    Worker,
    publishing_to,
    redis_url,
    start_worker,
    stop_worker,
    wait_for,
)

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]

# Not the reliability tests' worker database (see tests/reliability/conftest.py): that worker
# has no clearinghouse set up.
BENEFITS_WORKER_REDIS_DB = 4


@contextlib.contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="module")
def clearinghouse_and_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    house = FakeClearinghouse().start()
    settings_for_worker = {
        **PROVIDER,
        "DOORWAY_ELIGIBILITY_BACKEND": "x12",
        "DOORWAY_ELIGIBILITY_URL": house.url("/x12"),
        "DOORWAY_ELIGIBILITY_TIMEOUT_SECONDS": "5",
    }
    with environment(settings_for_worker), django_db_blocker.unblock():
        worker = start_worker(
            tmp_path_factory.mktemp("benefits-worker"), redis_db=BENEFITS_WORKER_REDIS_DB
        )
    try:
        yield house, worker
    finally:
        stop_worker(worker)
        house.stop()


@pytest.fixture
def running(clearinghouse_and_worker, settings) -> Iterator[tuple[FakeClearinghouse, Worker]]:
    house, worker = clearinghouse_and_worker
    for name, value in PROVIDER.items():
        setattr(settings, name, value)
    settings.DOORWAY_ELIGIBILITY_BACKEND = "x12"
    settings.DOORWAY_ELIGIBILITY_URL = house.url("/x12")
    worker.broker.flushdb()
    with publishing_to(redis_url(BENEFITS_WORKER_REDIS_DB)):
        yield house, worker
    wait_for(worker.idle, timeout=60, what="the worker to finish its tasks")


def finished(check: BenefitsCheck) -> bool:
    check.refresh_from_db()
    return check.completed_at is not None


def test_a_503_is_retried_by_the_worker_and_the_answer_is_stored(running, payer):
    house, worker = running
    lead = LeadFactory(first_name="Jane", last_name="Doe")
    give_coverage(lead, payer, member_id="FLAKY1")
    check = benefits_check_request(lead=lead)

    wait_for(lambda: finished(check), timeout=60, what=f"the check to finish\n{worker.log_tail()}")
    assert (check.state, check.attempts, check.failure) == (CheckState.ANSWERED, 2, "")
    assert house.calls["FLAKY1"] == 2
    assert house.invalid_270s == []
    assert check.summary.active is True
    assert "Retry in 2s" in worker.log_tail()


def test_an_unreadable_answer_fails_the_check_and_the_worker_goes_on(running, payer):
    _house, worker = running
    garbage, good = LeadFactory(), LeadFactory(first_name="Jane", last_name="Doe")
    give_coverage(garbage, payer, member_id="GARBAGE1")
    give_coverage(good, payer)
    failing = benefits_check_request(lead=garbage)
    answered = benefits_check_request(lead=good)

    wait_for(lambda: finished(failing) and finished(answered), timeout=60, what="both checks")
    assert (failing.state, failing.failure) == (CheckState.FAILED, Failure.UNREADABLE)
    assert "this is not an eligibility response" in failing.response_body
    assert answered.state == CheckState.ANSWERED
    assert worker.process.poll() is None
