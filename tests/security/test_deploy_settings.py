"""Production settings pass Django's deployment checklist and send every protective header."""

import json
import os
import subprocess
import sys

from tests.conftest import REPO_ROOT

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-for-this-test-only-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "doorway.example.org",
    "DOORWAY_CENTRE_NAME": "Example Recovery Centre",
    "DOORWAY_CENTRE_PHONE": "(202) 555-0142",
    "DOORWAY_CENTRE_ADDRESS": "100 Example Street, Springfield, VA 22150",
    "DOORWAY_CENTRE_HOURS": "Every day, 8 am to 10 pm",
}

# Runs in a fresh interpreter with production settings; /exit/ renders no template, so it needs
# neither collected static files nor a database.
HEADERS_SCRIPT = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="doorway.example.org")
plain = client.get("/exit/")
proxied = client.get("/exit/", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "plain": {"status": plain.status_code, "location": plain.get("Location", "")},
    "proxied": {"status": proxied.status_code, "headers": dict(proxied.headers.items())},
    "cookies": {
        "session_secure": settings.SESSION_COOKIE_SECURE,
        "session_httponly": settings.SESSION_COOKIE_HTTPONLY,
        "csrf_secure": settings.CSRF_COOKIE_SECURE,
        "csrf_httponly": settings.CSRF_COOKIE_HTTPONLY,
    },
}))
"""


def run_production(args: list[str], **overrides: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DOORWAY_"))}
    env.update(PRODUCTION, DJANGO_SETTINGS_MODULE="config.settings", **overrides)
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_finds_no_warning_in_production_settings():
    result = run_production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_names_the_centre_contact_details_patient_pages_will_not_show():
    blank = dict.fromkeys(("DOORWAY_CENTRE_PHONE", "DOORWAY_CENTRE_HOURS"), "")
    result = run_production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **blank)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "doorway.W001" in output
    assert "DOORWAY_CENTRE_PHONE, DOORWAY_CENTRE_HOURS" in output
    assert "DOORWAY_CENTRE_NAME" not in output


def test_check_deploy_warns_when_ssl_redirect_is_turned_off():
    # The switch exists for a proxy that redirects by itself; Django must still say so.
    result = run_production(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SECURE_SSL_REDIRECT="false",
    )
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


def test_plain_http_is_redirected_to_https():
    result = run_production(["-c", HEADERS_SCRIPT])
    assert result.returncode == 0, result.stderr
    plain = json.loads(result.stdout)["plain"]
    assert plain["status"] == 301
    assert plain["location"].startswith("https://doorway.example.org/")


def test_behind_a_tls_proxy_https_requests_get_every_protective_header():
    # The test client connects from 127.0.0.1: list it as the proxy.
    result = run_production(["-c", HEADERS_SCRIPT], DJANGO_TRUSTED_PROXIES="127.0.0.1")
    assert result.returncode == 0, result.stderr
    proxied = json.loads(result.stdout)["proxied"]
    assert proxied["status"] == 302, "the proxy's https header must be trusted"
    headers = proxied["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"  # quick exit: stricter than the default
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_a_forged_https_header_from_an_address_that_is_no_proxy_is_ignored():
    result = run_production(["-c", HEADERS_SCRIPT], DJANGO_TRUSTED_PROXIES="10.0.0.2")
    assert result.returncode == 0, result.stderr
    proxied = json.loads(result.stdout)["proxied"]
    assert proxied["status"] == 301, "X-Forwarded-Proto from a stranger must not count"


def test_the_old_proxy_switch_stops_the_app_and_names_its_replacement():
    result = run_production(["manage.py", "check"], DJANGO_BEHIND_PROXY="true")
    assert result.returncode != 0
    assert "DJANGO_TRUSTED_PROXIES" in result.stderr


def test_production_cookies_are_secure_and_hidden_from_scripts():
    result = run_production(["-c", HEADERS_SCRIPT])
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["cookies"] == {
        "session_secure": True,
        "session_httponly": True,
        "csrf_secure": True,
        "csrf_httponly": True,
    }
