"""A strict Content-Security-Policy goes out with every response, error pages too."""

import pytest

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    """The response's policy as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.mark.parametrize("path", ["/", "/help/", "/healthz", "/exit/", "/no-such-page/"])
def test_every_response_carries_the_strict_policy(client, path):
    directives = policy(client.get(path))
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]


def test_policy_allows_no_inline_or_evaluated_script(client):
    header = client.get("/").headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert "nonce-" not in header


def test_pages_refuse_to_be_framed(client):
    assert client.get("/").headers["X-Frame-Options"] == "DENY"
