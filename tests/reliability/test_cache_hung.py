"""A hung Redis (it takes connections and never answers) costs a screening milliseconds.

The cache is pointed at a local server that accepts connections and never replies, with the
project's own cache timeouts; a step post is timed against the same post with the real cache.
"""

import socket
import statistics
import threading
import time
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import override_settings

from tests.intake.conftest import STEP_POSTS, step_url

pytestmark = [pytest.mark.reliability, pytest.mark.django_db]

# Generous: a timeout of a second, as before, costs a full second per cache call.
MAX_EXTRA_SECONDS_PER_REQUEST = 0.4


@pytest.fixture
def hung_redis() -> Iterator[str]:
    """A Redis URL on a local server that takes connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    stop.set()
    thread.join(timeout=5)
    for connection in held:
        connection.close()
    listener.close()


def median_step_post_seconds(client, repeats: int = 5) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.post(step_url("start"), {**STEP_POSTS["start"], "action": "next"})
        timings.append(time.perf_counter() - started)
        assert response.status_code == 302, "the step went through"
    return statistics.median(timings)


def test_a_hung_cache_costs_a_step_post_milliseconds(client, hung_redis, capsys):
    healthy = median_step_post_seconds(client)
    hung_cache = {"default": {**settings.CACHES["default"], "LOCATION": hung_redis}}
    with override_settings(CACHES=hung_cache):
        hung = median_step_post_seconds(client)
    with capsys.disabled():
        print(f"\nstep post: {healthy * 1000:.0f} ms, with a hung cache {hung * 1000:.0f} ms")
    assert hung - healthy < MAX_EXTRA_SECONDS_PER_REQUEST
