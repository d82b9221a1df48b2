"""Behind one proxy the client's address is the proxy's last X-Forwarded-For entry."""

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from config.middleware import ClientAddressMiddleware


def seen_address(request: HttpRequest) -> HttpResponse:
    return HttpResponse(request.META["REMOTE_ADDR"])


def address_after_middleware(forwarded_for: str | None) -> str:
    headers = {"REMOTE_ADDR": "10.0.0.2"}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    request = RequestFactory().get("/", **headers)
    return ClientAddressMiddleware(seen_address)(request).content.decode()


@pytest.mark.parametrize(
    ("forwarded_for", "expected"),
    [
        ("203.0.113.9", "203.0.113.9"),
        # A client can write anything before the proxy's own entry: only the last one counts.
        ("198.51.100.1, 203.0.113.9", "203.0.113.9"),
        ("", "10.0.0.2"),
        (None, "10.0.0.2"),
    ],
)
def test_behind_a_proxy_the_last_forwarded_entry_is_the_client(settings, forwarded_for, expected):
    settings.DOORWAY_BEHIND_PROXY = True
    assert address_after_middleware(forwarded_for) == expected


def test_without_a_proxy_a_forwarded_header_is_ignored(settings):
    settings.DOORWAY_BEHIND_PROXY = False
    assert address_after_middleware("203.0.113.9") == "10.0.0.2"


@pytest.mark.django_db
def test_the_audit_log_records_the_client_behind_the_proxy(client, counsellor, settings):
    from admissions.models import AuditEntry

    settings.DOORWAY_BEHIND_PROXY = True
    client.post(
        "/staff/login/",
        {"username": "counsellor", "password": "correct-horse-battery-staple"},
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert AuditEntry.objects.get(action="login").ip == "203.0.113.9"
