"""PostgreSQL logs a failing statement; with server-side binding it logs $1, $2… and no values.

The test makes an INSERT of a lead fail on the real server, then has the server read its own
log file back for the fake person's name and phone.
"""

import secrets
import time

import pytest
from django.db import DataError, connection, transaction
from django.utils import timezone
from faker import Faker

from admissions.models import Lead
from tests.factories import BASE_ANSWERS, assess

pytestmark = pytest.mark.django_db

DEBIAN_LOG_DIRECTORY = "/var/log/postgresql"


def server_log() -> str:
    """The file the PostgreSQL server of the test database writes its log to.

    The server itself is asked for it, and later reads it (``pg_read_file``): the file belongs to
    the server's user, whoever runs the tests.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_logfile(), current_setting('data_directory')")
        current, data_directory = cursor.fetchone()
        cursor.execute("SELECT current_setting('cluster_name')")
        (cluster,) = cursor.fetchone()
        if current:  # the logging collector is on: the server names its file
            candidates = [current if current.startswith("/") else f"{data_directory}/{current}"]
        else:  # stderr to a file, as Debian's pg_ctlcluster does: named after the cluster
            candidates = [f"{DEBIAN_LOG_DIRECTORY}/postgresql-{cluster.replace('/', '-')}.log"]
        for candidate in candidates:
            cursor.execute("SELECT size FROM pg_stat_file(%s, true)", [candidate])
            if cursor.fetchone()[0] is not None:
                return candidate
    pytest.fail(f"cannot find the PostgreSQL server log (looked for {candidates})")


def log_size(log: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT size FROM pg_stat_file(%s)", [log])
        return cursor.fetchone()[0]


def log_after(log: str, offset: int, needle: str, *, timeout: float = 10.0) -> str:
    """What the server logged after ``offset``, once it contains ``needle``."""
    deadline = time.monotonic() + timeout
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_read_binary_file(%s, %s, %s)", [log, offset, log_size(log) - offset]
            )
            written = bytes(cursor.fetchone()[0]).decode("utf-8", errors="replace")
        if needle in written or time.monotonic() > deadline:
            return written
        time.sleep(0.1)


def test_a_failing_insert_leaves_no_name_or_phone_in_the_database_server_log():
    fake = Faker()
    first_name = fake.first_name()
    last_name = f"{fake.last_name()}{secrets.token_hex(4)}"
    phone = f"555-01{secrets.randbelow(100):02d}-{secrets.randbelow(10_000):04d}"
    log = server_log()
    offset = log_size(log)

    with pytest.raises(DataError), transaction.atomic():
        Lead.objects.create(
            first_name=first_name,
            last_name=last_name,
            phone=phone,
            respondent="self",
            age=34,
            answers=BASE_ANSWERS,
            assessment=assess(BASE_ANSWERS),
            rules_version="1.0.0",
            level="iop",
            priority="normal",
            priority_rank=2,
            consent_version="x" * 40,  # longer than the column: the server refuses the row
            consent_at=timezone.now(),
        )

    written = log_after(log, offset, 'INSERT INTO "admissions_lead"')
    assert "value too long for type character varying(20)" in written
    assert 'INSERT INTO "admissions_lead"' in written, "the server logged the statement"
    for personal in (last_name, phone, "x" * 40):
        assert personal not in written
