"""What `make test` does before the tests: bin/check-services and bin/check-browser.

Real servers on ports of their own (never the ones the suite itself uses): a Redis or a
PostgreSQL cluster that is stopped gets started, one that runs is left exactly as it was, and
what cannot be started or installed stops the run with one line. The package manager is the one
thing stood in for (a test must not install packages): a small `apt-get` on a PATH of its own.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import redis

from tests.conftest import REPO_ROOT, closed_port

DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/doorway")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def check_services(database_url: str = DATABASE_URL, redis_url: str = REDIS_URL, **env: str):
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "bin" / "check-services")],
        env={**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def check_browser(path: Path, **env: str):
    """bin/check-browser with nothing on PATH but ``path``."""
    clean = {k: v for k, v in os.environ.items() if k != "DOORWAY_SKIP_BROWSER"}
    return subprocess.run(
        ["/bin/bash", str(REPO_ROOT / "bin" / "check-browser")],
        env={**clean, "PATH": str(path), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def wait_for_redis(port: int) -> redis.Redis:
    client = redis.Redis(port=port, socket_connect_timeout=1, retry=None)
    for _ in range(100):
        try:
            client.ping()
            return client
        except redis.ConnectionError:
            time.sleep(0.05)
    raise AssertionError(f"no Redis on port {port}")


# --- Redis ------------------------------------------------------------------------------------


@pytest.fixture
def free_redis_port():
    """A port with no Redis on it; whatever the test leaves running there is shut down."""
    port = closed_port()
    yield port
    subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], capture_output=True)


def test_a_stopped_redis_is_started_on_the_configured_port(free_redis_port):
    result = check_services(redis_url=f"redis://127.0.0.1:{free_redis_port}/3")

    assert (result.returncode, result.stderr) == (0, "")
    assert f"Started Redis on port {free_redis_port}" in result.stdout
    client = wait_for_redis(free_redis_port)
    assert client.config_get("save") == {"save": ""}
    assert client.config_get("appendonly") == {"appendonly": "no"}


def test_a_running_redis_is_left_as_it_is(free_redis_port):
    server = subprocess.Popen(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(free_redis_port),
            "--save",
            "",
            "--maxmemory",
            "7mb",
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        client = wait_for_redis(free_redis_port)
        run_id = client.info("server")["run_id"]

        result = check_services(redis_url=f"redis://127.0.0.1:{free_redis_port}/3")

        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
        assert server.poll() is None
        assert client.info("server")["run_id"] == run_id
        assert client.config_get("maxmemory") == {"maxmemory": str(7 * 1024 * 1024)}
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_redis_that_is_not_installed_stops_the_run_with_one_line(free_redis_port, tmp_path):
    result = check_services(redis_url=f"redis://127.0.0.1:{free_redis_port}/3", PATH=str(tmp_path))

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Redis at 127.0.0.1:{free_redis_port} is not ready: redis-server is not installed here "
        "(Debian: apt-get install redis-server). Start it (e.g. `redis-server --daemonize yes`) "
        "or set REDIS_URL."
    ]


# --- PostgreSQL -------------------------------------------------------------------------------


def postmaster_started(database_url: str):
    parts = urlsplit(database_url)
    connection = psycopg.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
        dbname="postgres",
    )  # fmt: skip
    with connection, connection.cursor() as cursor:
        cursor.execute("SELECT pg_postmaster_start_time()")
        started = cursor.fetchone()[0]
    connection.close()
    return started


def test_postgresql_with_no_cluster_on_the_port_stops_the_run_with_one_line():
    port = closed_port()

    result = check_services(database_url=f"postgres://postgres@127.0.0.1:{port}/doorway")

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"PostgreSQL at 127.0.0.1:{port} is not ready: no PostgreSQL cluster of this machine uses "
        f"port {port}. Start it (e.g. `pg_ctlcluster <version> main start`) or set DATABASE_URL."
    ]


def test_a_running_postgresql_that_refuses_the_login_is_reported_and_left_running():
    parts = urlsplit(DATABASE_URL)
    stranger = parts._replace(netloc=f"no_such_role@{parts.hostname}:{parts.port or 5432}")
    started = postmaster_started(DATABASE_URL)

    result = check_services(database_url=stranger.geturl())

    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert 'role "no_such_role" does not exist' in line
    assert postmaster_started(DATABASE_URL) == started


@pytest.fixture
def stopped_cluster():
    """A throwaway Debian cluster on a free port, created stopped and dropped afterwards."""
    if os.geteuid() != 0 or shutil.which("pg_createcluster") is None:
        pytest.skip("creating a throwaway PostgreSQL cluster needs root and pg_createcluster")
    version = sorted(os.listdir("/usr/lib/postgresql"), key=int)[-1]
    port = closed_port()
    name = f"doorway_tests_{port}"
    subprocess.run(
        ["pg_createcluster", version, name, "--port", str(port), "--", "--auth=trust"],
        check=True,
        capture_output=True,
    )
    try:
        yield version, name, port
    finally:
        subprocess.run(["pg_dropcluster", "--stop", version, name], capture_output=True)


def test_a_stopped_postgresql_cluster_is_started_and_the_database_created(stopped_cluster):
    version, name, port = stopped_cluster
    database_url = f"postgres://postgres@127.0.0.1:{port}/doorway_setup"

    result = check_services(database_url=database_url)

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [f"Started PostgreSQL {version}/{name} on port {port}."]
    connection = psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres")
    with connection, connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = 'doorway_setup'")
        assert cursor.fetchone() == (1,)
    connection.close()


# --- Chromium ---------------------------------------------------------------------------------

HOW = (
    "install it with `sudo apt-get install chromium`, or run DOORWAY_SKIP_BROWSER=1 make test to "
    "skip the browser tests."
)


def stand_in_apt_get(folder: Path, *, succeeds: bool = True) -> Path:
    """An apt-get that notes its arguments and, on install, puts a `chromium` beside itself."""
    log = folder / "apt-get.log"
    script = folder / "apt-get"
    installs = f'printf "#!/bin/sh\\n" > {folder}/chromium; /bin/chmod +x {folder}/chromium'
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$@" >> {log}\n'
        + (f'[ "$1" = install ] && {{ {installs}; }}\nexit 0\n' if succeeds else "exit 100\n")
    )
    script.chmod(0o755)
    return log


def test_chromium_on_the_path_is_used_as_it_is(tmp_path):
    (tmp_path / "chromium").write_text("#!/bin/sh\n")
    (tmp_path / "chromium").chmod(0o755)
    log = stand_in_apt_get(tmp_path)

    result = check_browser(tmp_path)

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert not log.exists()


def test_missing_chromium_is_installed_with_apt_get_when_root(tmp_path):
    log = stand_in_apt_get(tmp_path)

    result = check_browser(tmp_path)

    if os.geteuid() != 0:
        assert result.returncode == 1
        assert not log.exists()
        return
    assert (result.returncode, result.stderr) == (0, "")
    assert "Installing Chromium for the browser tests" in result.stdout
    assert log.read_text().splitlines() == ["update -qq", "install -y -qq chromium"]
    assert (tmp_path / "chromium").exists()


def test_chromium_that_cannot_be_installed_stops_the_run_with_one_line(tmp_path):
    result = check_browser(tmp_path)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Chromium is not installed and the browser tests need it: {HOW}"
    ]


@pytest.mark.skipif(os.geteuid() != 0, reason="only root installs packages")
def test_a_failed_install_stops_the_run_with_one_line_of_its_own(tmp_path):
    stand_in_apt_get(tmp_path, succeeds=False)

    result = check_browser(tmp_path)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Chromium could not be installed with apt-get (see above); {HOW}"
    ]


def test_the_skip_variable_skips_the_browser_check_and_says_so(tmp_path):
    log = stand_in_apt_get(tmp_path)

    result = check_browser(tmp_path, DOORWAY_SKIP_BROWSER="1")

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "DOORWAY_SKIP_BROWSER=1: the browser tests will be skipped.\n"
    assert not log.exists()


def pytest_e2e(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """The browser tests in a pytest of their own (a throwaway SQLite database, no servers)."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "tests/e2e", "-q", "-p", "no:cacheprovider"],
        cwd=REPO_ROOT,
        env={
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.sqlite3'}",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_browser_tests_without_chromium_fail_and_say_how_to_install_it(tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()

    result = pytest_e2e(tmp_path, PATH=str(empty), DOORWAY_SKIP_BROWSER="")

    assert result.returncode == 1
    assert "Chromium is not installed: apt-get install chromium" in result.stdout
    assert " skipped" not in result.stdout
    assert " passed" not in result.stdout


def test_browser_tests_skipped_on_purpose_say_so_in_the_summary(tmp_path):
    result = pytest_e2e(tmp_path, DOORWAY_SKIP_BROWSER="1")

    assert result.returncode == 0
    assert "DOORWAY_SKIP_BROWSER=1: browser tests skipped on purpose" in result.stdout
    assert " passed" not in result.stdout
