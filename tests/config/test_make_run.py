"""`make run` on another port: every migration applies on SQLite, the demo seeds, and what it
prints and sends (the staff login, "finish later" links by email and by text) names that port.

It runs the real command (a throwaway SQLite file, no Redis) and talks to it over HTTP as a
person would: open the screening, ask to finish later, read the terminal.
"""

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest

from tests.conftest import REPO_ROOT, closed_port

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Terminal:
    """What a process prints, collected as it comes."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._reader.start()

    def _read(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            self.lines.append(line)

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def wait_for(self, pattern: str, seconds: float = 30) -> re.Match:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = re.search(pattern, self.text)
            if found:
                return found
            time.sleep(0.1)
        raise AssertionError(f"{pattern!r} never printed; the terminal said:\n{self.text[-3000:]}")


class Visitor:
    """A browser-like client: keeps cookies, sends the CSRF token, does not follow redirects."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), self._NoRedirect
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        """Status, Location header and body of one GET (or POST with ``data``)."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base_url + path, data=body, timeout=30) as response:
                return response.status, "", response.read().decode(errors="replace")
        except urllib.error.HTTPError as answer:
            return (
                answer.code,
                answer.headers.get("Location", ""),
                answer.read().decode(errors="replace"),
            )

    def post_form(self, path: str, fields: dict) -> tuple[int, str, str]:
        _, _, page = self.request(path)
        token = CSRF_FIELD.search(page).group(1)
        return self.request(path, {"csrfmiddlewaretoken": token, **fields})

    def finish_later(self, contact: str) -> None:
        _, first_step, _ = self.request("/screen/begin/")
        status, location, _ = self.post_form(first_step, {"action": "later"})
        assert (status, location) == (302, "/screen/later/")
        status, location, _ = self.post_form("/screen/later/", {"contact": contact})
        assert (status, location) == (302, "/screen/later/sent/")


@pytest.fixture
def make_run(tmp_path) -> Iterator[tuple[str, Terminal]]:
    """`PORT=<free port> make run` with development defaults; stopped afterwards."""
    port = closed_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DOORWAY_", "REDIS_", "CELERY_"))
    }
    env.update(PORT=str(port), DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    process = subprocess.Popen(
        ["make", "--no-print-directory", "run"],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # runserver's reloader and its child stop together
    )
    terminal = Terminal(process)
    try:
        terminal.wait_for(r"Quit the server with", seconds=180)
        yield f"http://127.0.0.1:{port}", terminal
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_make_run_prints_and_sends_links_with_the_port_it_serves_on(make_run):
    base_url, terminal = make_run
    visitor = Visitor(base_url)

    assert f"Log in at {base_url}/staff/ (admin: {base_url}/admin/ as supervisor)." in terminal.text
    assert "counsellor / " in terminal.text
    assert visitor.request("/staff/login/")[0] == 200
    assert visitor.request("/favicon.ico")[0] == 200

    visitor.finish_later("sam@example.org")
    emailed = terminal.wait_for(r"(\S+)/screen/resume/[\w-]+/").group(1)
    assert emailed == base_url

    Visitor(base_url).finish_later("555 123 4567")
    assert "5551234567" not in terminal.text
    texted = terminal.wait_for(r"Text message:\n.*?(\S+)/screen/resume/[\w-]+/")
    assert texted.group(1) == base_url


def setting(name: str, **env: str) -> str:
    """A setting as a fresh process with these environment variables (and no others of ours)
    sees it."""
    ours = ("DJANGO_", "DOORWAY_", "REDIS_", "CELERY_", "PORT")
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); from django.conf import settings; "
         f"print(settings.{name})"],
        cwd=REPO_ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith(ours)}
        | {"DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )  # fmt: skip
    return result.stdout.strip()


def test_a_site_address_that_is_set_wins_over_the_port():
    assert setting("SITE_URL", PORT="8811") == "http://127.0.0.1:8811"
    assert (
        setting("SITE_URL", PORT="8811", DOORWAY_SITE_URL="https://doorway.example.org")
        == "https://doorway.example.org"
    )


def test_texts_are_printed_in_the_terminal_only_in_development():
    production = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-for-this-test-only-0123456789",
        "DJANGO_ALLOWED_HOSTS": "doorway.example.org",
    }
    assert setting("DOORWAY_SMS_SENDER") == "intake.sms.ConsoleSmsSender"
    assert setting("DOORWAY_SMS_SENDER", **production) == "intake.sms.LogSmsSender"
