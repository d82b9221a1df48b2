"""The screener framed on the centre's site, in a real browser: from an allowed origin it shows
and a person can begin; from any other origin the browser refuses to show it."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytestmark = pytest.mark.e2e


def centre_site(screener_url: str, host: str):
    """A stand-in for the centre's own website on another origin (another port of ``host``),
    with the copy-and-paste snippet of the README in its page."""
    page = (
        '<!doctype html><html lang="en"><head><title>Centre</title></head><body>'
        "<h1>Our centre</h1>"
        f'<iframe src="{screener_url}/screen/" title="Confidential screening" '
        'width="100%" height="800"></iframe></body></html>'
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)  # "localhost" is this address
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{host}:{server.server_address[1]}"


@pytest.fixture
def centre(live_server):
    """The centre's site on the same site as the screener (as www.centre.org frames
    screening.centre.org): another origin, the same cookies."""
    server, origin = centre_site(live_server.url, "localhost")
    yield origin
    server.shutdown()


@pytest.fixture
def stranger(live_server):
    """Somebody else's site."""
    server, origin = centre_site(live_server.url, "127.0.0.1")
    yield origin
    server.shutdown()


def test_an_allowed_site_shows_the_screener_and_a_person_can_begin(new_page, settings, centre):
    settings.DOORWAY_FRAME_ANCESTORS = [centre]
    # As in production when framing is on (config/settings.py).
    settings.SESSION_COOKIE_SAMESITE = settings.CSRF_COOKIE_SAMESITE = "None"
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    page = new_page(also_allow=(centre,))
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Refused" in m.text else None)
    page.goto(centre)
    frame = page.frame_locator("iframe")
    start = frame.get_by_role("link", name=re.compile("Start the screening"))
    start.click()
    frame.locator("#id_respondent_0").check()
    frame.locator("button[name='action'][value='next']").click()
    page.frames[1].wait_for_url(re.compile(r"/screen/step/age/$"))
    assert refused == []
    assert frame.locator("a[data-quick-exit]").get_attribute("target") == "_top"


def test_another_site_is_refused(new_page, settings, centre, stranger):
    settings.DOORWAY_FRAME_ANCESTORS = [centre]
    page = new_page(also_allow=(stranger,))
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "frame" in m.text else None)
    page.goto(stranger)
    page.wait_for_timeout(500)
    assert page.frame_locator("iframe").get_by_role("link", name="Start the screening").count() == 0
    assert any("frame-ancestors" in message for message in refused), refused
