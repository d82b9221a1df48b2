"""deploy/backup-database makes a dump that the README's restore command brings back, and keeps
only the last days' dumps. Real pg_dump and pg_restore, on a scratch database of their own."""

import os
import subprocess
import time
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import sql

from tests.conftest import REPO_ROOT

SERVER_URL = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/doorway"))


def connect(dbname: str):
    return psycopg.connect(
        host=SERVER_URL.hostname,
        port=SERVER_URL.port or 5432,
        user=SERVER_URL.username or "postgres",
        password=SERVER_URL.password,
        dbname=dbname,
        autocommit=True,
    )


@pytest.fixture
def scratch_database():
    """A database of its own on the test server (named after the configured one), dropped after."""
    name = f"{SERVER_URL.path.lstrip('/') or 'doorway'}_backup_check"
    server = connect("postgres")
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with server.cursor() as cursor:
        cursor.execute(drop)
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name, SERVER_URL._replace(path=f"/{name}").geturl()
    finally:
        with server.cursor() as cursor:
            cursor.execute(drop)
        server.close()


def rows(connection) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, note FROM lead ORDER BY id")
        return cursor.fetchall()


def test_a_backup_restores_the_database_as_it_was_and_old_dumps_are_removed(
    scratch_database, tmp_path
):
    name, url = scratch_database
    database = connect(name)
    with database.cursor() as cursor:
        cursor.execute("CREATE TABLE lead (id int PRIMARY KEY, note text)")
        cursor.execute("INSERT INTO lead VALUES (1, 'kept')")
    old, other = tmp_path / "doorway-2000-01-01-000000.dump", tmp_path / "notes.txt"
    old.write_text("an old dump")
    other.write_text("not a dump")
    three_weeks_ago = time.time() - 21 * 24 * 3600
    os.utime(old, (three_weeks_ago, three_weeks_ago))

    backup = subprocess.run(
        [str(REPO_ROOT / "deploy" / "backup-database"), str(tmp_path)],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert (backup.returncode, backup.stderr) == (0, "")
    [dump] = tmp_path.glob("doorway-2*.dump")
    assert backup.stdout == f"Backed up to {dump}\n"
    assert dump.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert not old.exists() and other.exists()

    with database.cursor() as cursor:
        cursor.execute("DELETE FROM lead")
        cursor.execute("INSERT INTO lead VALUES (2, 'written after the backup')")
    # The README's restore command.
    restore = subprocess.run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={url}", str(dump)],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert (restore.returncode, restore.stderr) == (0, "")
    assert rows(database) == [(1, "kept")]
    database.close()
