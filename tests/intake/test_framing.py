"""The screener on the centre's own site: only the origins it lists may frame the patient
pages; staff pages, the admin and the API never."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from config.env import env_origins

pytestmark = pytest.mark.django_db
CENTRE = "https://www.centre.example"
FRAMED = override_settings(DOORWAY_FRAME_ANCESTORS=[CENTRE, "https://help.centre.example"])


def frame_ancestors(response) -> str:
    directives = response["Content-Security-Policy"].split(";")
    return next(d.strip() for d in directives if d.strip().startswith("frame-ancestors"))


def test_by_default_no_page_can_be_framed(client):
    for path in ("/", "/screen/", "/help/", "/staff/login/"):
        response = client.get(path)
        assert frame_ancestors(response) == "frame-ancestors 'none'", path
        assert response["X-Frame-Options"] == "DENY", path


@FRAMED
@pytest.mark.parametrize("path", ["/", "/screen/", "/help/", "/programs/"])
def test_the_listed_sites_may_frame_the_patient_pages(client, path):
    response = client.get(path)
    assert frame_ancestors(response) == (
        f"frame-ancestors 'self' {CENTRE} https://help.centre.example"
    )
    assert "X-Frame-Options" not in response
    # The strict policy is otherwise the same: still no inline script.
    assert "script-src 'self'" in response["Content-Security-Policy"]


@FRAMED
@pytest.mark.parametrize("path", ["/staff/login/", "/staff/", "/admin/login/", "/healthz"])
def test_staff_admin_and_health_pages_can_never_be_framed(client, path):
    response = client.get(path)
    assert frame_ancestors(response) == "frame-ancestors 'none'", path
    assert response["X-Frame-Options"] == "DENY", path


def test_quick_exit_and_the_crisis_links_leave_the_frame(client):
    page = client.get("/help/").content.decode()
    assert 'data-quick-exit target="_top"' in page
    for link in ('href="tel:988"', 'href="sms:988"', 'href="tel:911"'):
        assert f'{link} target="_top"' in page


@pytest.mark.parametrize(
    "value",
    ["*", "https://*.centre.example", "https://www.centre.example/screen", "www.centre.example"],
)
def test_a_frame_origin_that_is_not_exactly_an_origin_is_refused_at_start(monkeypatch, value):
    monkeypatch.setenv("DOORWAY_FRAME_ANCESTORS", f"{CENTRE},{value}")
    with pytest.raises(ImproperlyConfigured, match="is not an origin"):
        env_origins("DOORWAY_FRAME_ANCESTORS")


def test_origins_are_read_from_a_comma_separated_list(monkeypatch):
    monkeypatch.setenv("DOORWAY_FRAME_ANCESTORS", f" {CENTRE}/ , http://localhost:8080")
    assert env_origins("DOORWAY_FRAME_ANCESTORS") == [CENTRE, "http://localhost:8080"]


@FRAMED
def test_the_admin_shows_the_snippet_to_paste_and_the_sites_allowed(admin_client, settings):
    page = admin_client.get("/admin/").content.decode()
    assert f"&lt;iframe src=&quot;{settings.SITE_URL}/screen/&quot;" in page
    assert f"{CENTRE}, https://help.centre.example" in page
