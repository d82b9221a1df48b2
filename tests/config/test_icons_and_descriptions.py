"""Every page names an icon that is there (served by WhiteNoise, /favicon.ico too), and public
pages describe themselves to search engines and link previews, in the visitor's language."""

from html.parser import HTMLParser

import pytest

from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

PAGES = ["/", "/help/", "/programs/", "/screen/", "/staff/login/", "/no-such-page/"]


class HeadReader(HTMLParser):
    """The icons and the description a page declares in its <head>."""

    def __init__(self) -> None:
        super().__init__()
        self.icons: list[str] = []
        self.description: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and found.get("rel") in ("icon", "apple-touch-icon"):
            self.icons.append(found["href"])
        if tag == "meta" and found.get("name") == "description":
            self.description = found.get("content")


def head_of(client, path: str) -> HeadReader:
    reader = HeadReader()
    reader.feed(client.get(path).content.decode())
    return reader


@pytest.fixture
def static_files(settings):
    """WhiteNoise serving static files as under `make run` (from the source folders)."""
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.mark.parametrize("path", PAGES)
def test_every_icon_a_page_names_is_served(client, static_files, path):
    icons = head_of(client, path).icons

    assert len(icons) == 3
    for icon in icons:
        response = client.get(icon)
        assert response.status_code == 200, icon
        assert response["Content-Type"].startswith("image/"), icon


def test_favicon_ico_is_served_at_the_root_where_browsers_ask_for_it(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")  # an icon file


@pytest.mark.parametrize(
    ("path", "in_spanish"),
    [
        ("/", "¿Te preocupa el alcohol, las drogas o la salud mental"),
        ("/screen/", "¿Te preocupa el alcohol, las drogas o la salud mental"),
        ("/help/", "¿Necesitas ayuda ahora? Llama o envía un mensaje de texto al 988"),
        ("/programs/", "Nuestros programas: el nivel de atención de cada uno"),
    ],
)
def test_public_pages_have_a_description_in_english_and_in_spanish(client, path, in_spanish):
    english = head_of(client, path).description
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    spanish = head_of(client, path).description

    assert english and 50 <= len(english) <= 160
    assert spanish.startswith(in_spanish)


def test_the_crisis_help_page_description_gives_the_numbers(client):
    description = head_of(client, "/help/").description

    assert "988" in description and "911" in description


def test_a_program_page_is_described_by_its_own_description(client):
    program = ProgramFactory(description_en="Evening group therapy for working adults. " * 6)

    description = head_of(client, program.get_absolute_url()).description

    assert description.startswith("Evening group therapy for working adults.")
    assert len(description) <= 160
