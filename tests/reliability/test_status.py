"""The status page sees the real worker's heartbeat (the task the scheduler sends)."""

import pytest

from admissions.heartbeats import WORKER
from admissions.models import Heartbeat
from admissions.tasks import worker_heartbeat
from tests.reliability.conftest import wait_for

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]


def test_a_heartbeat_sent_to_the_worker_shows_on_the_status_page(worker, client):
    assert client.get("/healthz/status").json()[WORKER]["state"] == "never"
    worker_heartbeat.delay()
    wait_for(lambda: Heartbeat.objects.filter(job=WORKER).exists(), what="the worker's heartbeat")
    body = client.get("/healthz/status").json()
    assert body[WORKER]["state"] == "ok"
    assert body["broker"] == "ok"
