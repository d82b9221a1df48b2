"""Errors get kind pages with a way home and to help: never a stack trace, never a bare 500."""

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.urls")]

TECHNICAL_WORDS = ["Traceback", "Exception", "RequestDataTooBig", "Error at", "settings.py"]


def assert_friendly(response, status: int) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert 'href="/"' in html, "a way home"
    assert 'href="/help/"' in html, "a way to help"
    for word in TECHNICAL_WORDS:
        assert word not in html
    return html


def test_unknown_page_gets_the_friendly_404(client):
    html = assert_friendly(client.get("/no-such-page/"), 404)
    assert "could not find that page" in html


def test_crash_gets_the_friendly_500_without_details():
    client = Client(raise_request_exception=False)
    html = assert_friendly(client.get("/boom/"), 500)
    assert "something went wrong on our side" in html
    assert "deliberate failure" not in html


def test_forbidden_gets_the_friendly_403(client):
    html = assert_friendly(client.get("/forbidden/"), 403)
    assert "not available to you" in html
    assert "staff only" not in html, "the exception's text is not shown"


def test_post_without_csrf_token_gets_the_friendly_expired_page():
    client = Client(enforce_csrf_checks=True)
    html = assert_friendly(client.post("/help/", {"anything": "x"}), 403)
    assert "this page expired" in html


def browser_with_csrf_cookie() -> Client:
    """A client that holds a CSRF cookie, as a real browser would after viewing any form."""
    client = Client(enforce_csrf_checks=True)
    client.get("/help/")
    assert "csrftoken" in client.cookies
    return client


def test_form_body_over_the_field_limit_gets_the_friendly_400(settings):
    client = browser_with_csrf_cookie()
    body = "message=" + "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post("/help/", body, content_type="application/x-www-form-urlencoded")
    html = assert_friendly(response, 400)
    assert "could not read what was sent" in html


def test_too_many_fields_gets_the_friendly_400(settings):
    client = browser_with_csrf_cookie()
    body = "&".join(f"f{i}=x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.post("/help/", body, content_type="application/x-www-form-urlencoded")
    assert_friendly(response, 400)


def test_upload_over_the_request_limit_gets_the_friendly_413(client, settings):
    big = b"\xff" * (settings.MAX_REQUEST_BYTES + 1)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post("/help/", {"front": SimpleUploadedFile("card.jpg", big)})
    html = assert_friendly(response, 413)
    assert "too large" in html


def test_request_limit_is_read_from_settings(client, settings):
    settings.MAX_REQUEST_BYTES = 2048
    response = client.post("/help/", {"message": "a" * 4096})
    assert response.status_code == 413
    assert client.post("/help/", {"message": "a" * 100}).status_code == 200


@pytest.mark.parametrize(
    ("path", "spanish"),
    [("/no-such-page/", "no encontramos esa página"), ("/forbidden/", "no está disponible")],
)
def test_error_pages_are_served_in_spanish(client, path, spanish):
    html = client.get(path, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es">' in html
    assert spanish in html
    assert "¿Necesitas ayuda ahora?" in html


def test_friendly_400_is_served_in_spanish(settings):
    client = browser_with_csrf_cookie()
    body = "message=" + "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(
        "/help/", body, content_type="application/x-www-form-urlencoded", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert "No pudimos leer eso" in response.content.decode()
