"""Project pages: the base layout, home, crisis help and quick exit."""

import re
from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db

URL_ATTRIBUTES = {"href", "src", "action", "srcset", "poster", "data"}


class UrlCollector(HTMLParser):
    """Collects every URL-valued attribute of a page, plus url(...) in inline styles."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value:
                self.urls.append(value)
            if name == "style" and value:
                self.urls.extend(re.findall(r"url\(([^)]*)\)", value))


def other_origin_urls(html: str) -> list[str]:
    collector = UrlCollector()
    collector.feed(html)
    allowed = re.compile(r"^(/(?!/)|#|tel:|sms:|mailto:)")
    return [url for url in collector.urls if not allowed.match(url)]


@pytest.mark.parametrize("path", ["/", "/help/"])
def test_page_loads_and_links_nothing_from_another_origin(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert other_origin_urls(response.content.decode()) == []


def test_home_offers_the_screening_and_explains_four_levels(client):
    html = client.get("/").content.decode()
    assert "Start the screening" in html
    for level in ("Outpatient", "Intensive outpatient (IOP)", "Residential", "Inpatient"):
        assert level in html


def test_every_page_has_skip_link_help_link_and_quick_exit(client):
    html = client.get("/").content.decode()
    assert 'href="#main"' in html
    assert 'href="/help/"' in html
    assert "data-quick-exit" in html


def test_help_page_gives_tappable_988_and_911(client):
    html = client.get("/help/").content.decode()
    assert 'href="tel:988"' in html
    assert 'href="sms:988"' in html
    assert 'href="tel:911"' in html


def test_quick_exit_leaves_for_a_neutral_site_without_a_referrer(client, settings):
    response = client.get("/exit/")
    assert response.status_code == 302
    assert response["Location"] == settings.QUICK_EXIT_URL
    assert response["Referrer-Policy"] == "no-referrer"


def test_home_page_is_served_in_spanish(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert '<html lang="es">' in response.content.decode()
