"""Who the client is: X-Forwarded-For counts only when a listed proxy sent the request."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from config.client_address import client_address, parse_proxies
from config.middleware import UntrustedForwardedHeadersMiddleware

PROXY = "10.0.0.2"


def request_from(peer: str, forwarded_for: str | None = None, **headers) -> HttpRequest:
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", REMOTE_ADDR=peer, **headers)


@pytest.fixture
def behind_proxy(settings):
    settings.DOORWAY_TRUSTED_PROXIES = parse_proxies([PROXY, "10.1.0.0/16"], name="test")


@pytest.mark.parametrize(
    ("forwarded_for", "expected"),
    [
        ("203.0.113.9", "203.0.113.9"),
        # A client can write anything before the proxy's own entry: only the last one counts.
        ("198.51.100.1, 203.0.113.9", "203.0.113.9"),
        # Two proxies in a row: the first address from the right that is not one of ours.
        ("198.51.100.1, 203.0.113.9, 10.1.4.4", "203.0.113.9"),
        # Nothing readable: the proxy itself is as close to the client as we can tell.
        ("", PROXY),
        (None, PROXY),
        ("not-an-address", PROXY),
    ],
)
def test_behind_a_listed_proxy_its_forwarded_entry_is_the_client(
    behind_proxy, forwarded_for, expected
):
    assert client_address(request_from(PROXY, forwarded_for)) == expected


def test_a_spoofed_header_from_an_address_that_is_no_proxy_is_ignored(behind_proxy):
    assert client_address(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_without_proxies_a_forwarded_header_is_ignored(settings):
    settings.DOORWAY_TRUSTED_PROXIES = ()
    assert client_address(request_from(PROXY, "203.0.113.9")) == PROXY


def test_an_unknown_peer_gives_no_address():
    assert client_address(request_from("")) is None
    assert client_address(None) is None


def test_a_malformed_proxy_setting_stops_the_app_naming_it():
    with pytest.raises(ImproperlyConfigured, match="DJANGO_TRUSTED_PROXIES"):
        parse_proxies(["10.0.0.0/33"], name="DJANGO_TRUSTED_PROXIES")


def headers_seen(request: HttpRequest) -> dict:
    seen = {}

    def view(inner: HttpRequest) -> HttpResponse:
        seen.update({k: v for k, v in inner.META.items() if k.startswith("HTTP_X_FORWARDED")})
        return HttpResponse()

    UntrustedForwardedHeadersMiddleware(view)(request)
    return seen


def test_forwarded_headers_from_a_stranger_never_reach_the_app(behind_proxy):
    request = request_from("198.51.100.7", "203.0.113.9", HTTP_X_FORWARDED_PROTO="https")
    assert headers_seen(request) == {}


def test_forwarded_headers_from_a_listed_proxy_reach_the_app(behind_proxy):
    request = request_from(PROXY, "203.0.113.9", HTTP_X_FORWARDED_PROTO="https")
    assert headers_seen(request) == {
        "HTTP_X_FORWARDED_FOR": "203.0.113.9",
        "HTTP_X_FORWARDED_PROTO": "https",
    }


# The test client connects from 127.0.0.1.
LOCAL_PROXY = ["127.0.0.1"]


@pytest.mark.django_db
def test_lockout_the_intake_limit_and_the_audit_log_share_the_address(client, counsellor, settings):
    """A failed sign-in behind the proxy is audited and counted against the client's address."""
    from axes.models import AccessAttempt

    from admissions.models import AuditEntry

    settings.DOORWAY_TRUSTED_PROXIES = parse_proxies(LOCAL_PROXY, name="test")
    client.post(
        "/staff/login/",
        {"login": "counsellor", "password": "wrong-password"},
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert AuditEntry.objects.get(action="login_failed").ip == "203.0.113.9"
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"


@pytest.mark.django_db
def test_a_spoofed_header_buys_no_extra_guesses(client, counsellor, settings):
    """Straight to the app (no proxy listed), a new X-Forwarded-For per guess changes nothing:
    the lock counts the real address."""
    from axes.models import AccessAttempt

    settings.DOORWAY_TRUSTED_PROXIES = ()
    for number in range(5):
        client.post(
            "/staff/login/",
            {"login": f"someone{number}", "password": "wrong-password"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}
    response = client.post(
        "/staff/login/",
        {"login": "counsellor", "password": "correct-horse-battery-staple"},
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert response.status_code == 429
