"""A real Celery worker subprocess on the test database and its own Redis database.

The worker is started once per session (it takes a few seconds) and stopped before the test
database is dropped. It consumes a Redis database of its own so nothing else takes its tasks,
sends email with the file-based backend so a test can count what was really sent, and loads
``worker_faults``, whose crash points are armed by creating their marker files.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
import redis
from django.conf import settings
from django.db import connection

from config.celery import app
from tests.conftest import closed_port

REPO_ROOT = Path(__file__).resolve().parents[2]
# The Redis databases these tests use, counted from the suite's own (REDIS_URL's), so that two
# runs of the suite on one Redis server, eight databases apart, never share a broker (the
# benefits and webhook workers and the bench smoke run take the next offsets: 4, 5 and 6).
# The worker's: not the one the rest of the suite uses.
WORKER_REDIS_DB = 1
# Empty and never consumed: proves what a code path publishes.
SPARE_REDIS_DB = 2
# For a second, short-lived worker that a test kills outright.
DOOMED_REDIS_DB = 3
REDIS_DATABASES = 16  # Redis's default number of databases
READY_TIMEOUT = 60.0


def redis_url(offset: int) -> str:
    """The suite's Redis server, the database ``offset`` after the suite's own."""
    if not settings.REDIS_URL:
        pytest.fail("The reliability tests need REDIS_URL (a real Redis server).")
    parts = urlsplit(settings.REDIS_URL)
    own = int(parts.path.strip("/") or 0)
    return urlunsplit((parts.scheme, parts.netloc, f"/{(own + offset) % REDIS_DATABASES}", "", ""))


def closed_port_url() -> str:
    """A Redis URL on a local port where nothing listens: a broker that is down."""
    return f"redis://127.0.0.1:{closed_port()}/0"


@contextlib.contextmanager
def publishing_to(url: str) -> Iterator[None]:
    """Send this process's tasks to ``url`` for the duration of the block."""
    previous = app.conf.broker_url

    def switch(to: str) -> None:
        app.conf.broker_url = to
        # Forget the pools (kombu keeps them per URL) so the next publish connects to ``to``.
        app.close()
        app.amqp._producer_pool = None

    switch(url)
    try:
        yield
    finally:
        switch(previous)


def wait_for(condition: Callable[[], bool], *, timeout: float = 30.0, what: str) -> None:
    """Poll until ``condition()`` holds; fail (not hang) after a generous ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


def test_database_url() -> str:
    """A URL for the test database pytest-django created (the worker must use the same)."""
    if connection.vendor != "postgresql":
        pytest.fail("The reliability tests need DATABASE_URL to point at PostgreSQL.")
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


@dataclass
class Worker:
    process: subprocess.Popen
    log: Path
    mail_dir: Path
    crash_marker: Path
    crash_after_send_marker: Path
    broker: redis.Redis

    def emails(self) -> list[dict[str, str]]:
        """Every email the worker sent: its To, Subject and Message-ID headers."""
        sent = []
        for path in sorted(self.mail_dir.glob("*.log")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith("Subject: "):
                    sent.append({"subject": line.removeprefix("Subject: ")})
                elif line.startswith("To: "):
                    sent[-1]["to"] = line.removeprefix("To: ")
                elif line.startswith("Message-ID: "):
                    sent[-1]["message_id"] = line.removeprefix("Message-ID: ")
        return sent

    def mail_text(self) -> str:
        """Everything the worker sent by email, headers and bodies."""
        return "".join(path.read_text(encoding="utf-8") for path in self.mail_dir.glob("*.log"))

    def idle(self) -> bool:
        """Nothing queued and nothing delivered but unacknowledged."""
        return self.broker.llen("celery") == 0 and self.broker.hlen("unacked") == 0

    def arm_crash(self) -> None:
        """Die once between the routing commit and the notice."""
        self.crash_marker.touch()

    def arm_crash_after_send(self) -> None:
        """Die once just after the mail server took a notice, before it is recorded."""
        self.crash_after_send_marker.touch()

    def log_tail(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-3000:]


def start_worker(
    folder: Path, *, redis_db: int, pool: str = "prefork", retry_scale: float | None = None
) -> Worker:
    """Start ``celery worker`` on the test database and Redis database ``redis_db``.

    With the solo pool the task runs in the worker process itself, so the crash hook takes the
    whole worker down; with prefork only a pool child dies and the worker carries on.
    ``retry_scale`` shrinks the retry schedule of ``route_lead`` (see ``worker_faults``).
    """
    mail_dir = folder / "mail"
    mail_dir.mkdir()
    broker_url = redis_url(redis_db)
    broker = redis.Redis.from_url(broker_url)
    broker.flushdb()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": broker_url,
        "CELERY_BROKER_URL": broker_url,
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(mail_dir),
        "DOORWAY_TEST_CRASH_ROUTE_ONCE": str(folder / "crash-armed"),
        "DOORWAY_TEST_CRASH_AFTER_SEND_ONCE": str(folder / "crash-after-send-armed"),
    }
    if retry_scale is not None:
        environment["DOORWAY_TEST_RETRY_SCALE"] = str(retry_scale)
    log = folder / "worker.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--loglevel=INFO",
                f"--pool={pool}",
                "--concurrency=2",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--include=tests.reliability.worker_faults",
                f"--hostname=reliability-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=REPO_ROOT,
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stopping it stops the children
        )
    worker = Worker(
        process, log, mail_dir, folder / "crash-armed", folder / "crash-after-send-armed", broker
    )
    deadline = time.monotonic() + READY_TIMEOUT
    while " ready." not in log.read_text(encoding="utf-8", errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_worker(worker)
            pytest.fail(f"the Celery worker did not start:\n{worker.log_tail()}")
        time.sleep(0.1)
    return worker


def stop_worker(worker: Worker) -> None:
    """Stop the worker and its pool children: warm shutdown, then kill after a grace period."""
    process = worker.process
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    worker.broker.flushdb()


@pytest.fixture(scope="session")
def _worker_process(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Worker]:
    with django_db_blocker.unblock():
        worker = start_worker(tmp_path_factory.mktemp("worker"), redis_db=WORKER_REDIS_DB)
    try:
        yield worker
    finally:
        stop_worker(worker)


@pytest.fixture
def worker(_worker_process: Worker) -> Iterator[Worker]:
    """The running worker, with an empty queue, no email and the crash hook disarmed.

    Tasks this process sends during the test go to the worker's broker.
    """
    worker = _worker_process
    assert worker.process.poll() is None, worker.log_tail()
    worker.broker.flushdb()
    worker.crash_marker.unlink(missing_ok=True)
    worker.crash_after_send_marker.unlink(missing_ok=True)
    for path in worker.mail_dir.iterdir():
        path.unlink()
    with publishing_to(redis_url(WORKER_REDIS_DB)):
        yield worker
    # Let in-flight tasks finish before the test database is flushed under them.
    wait_for(worker.idle, timeout=30, what="the worker to finish its tasks")


@pytest.fixture
def spare_broker() -> Iterator[redis.Redis]:
    """A Redis database nobody consumes; this process publishes to it during the test."""
    url = redis_url(SPARE_REDIS_DB)
    client = redis.Redis.from_url(url)
    client.flushdb()
    with publishing_to(url):
        yield client
    client.flushdb()
