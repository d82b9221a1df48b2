"""Browser fixtures for the end-to-end tests: Debian's Chromium driven by Playwright.

The browser is the system one found on PATH (never a downloaded build) and runs headless and
offline-friendly. Tests run against pytest-django's live server, in this process, so they share
its database and the in-memory outbox.

Browser tests never skip in silence: without Chromium they fail and say how to install it
(`make test` installs it first when it can). ``DOORWAY_SKIP_BROWSER=1`` skips them on purpose,
and the summary says so.
"""

import os
import shutil
from collections.abc import Callable, Iterator

import pytest

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls stay
# synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SKIP_VARIABLE = "DOORWAY_SKIP_BROWSER"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With the skip variable set, every test that needs the browser is skipped, saying why."""
    if os.environ.get(SKIP_VARIABLE) != "1":
        return
    skip = pytest.mark.skip(reason=f"{SKIP_VARIABLE}=1: browser tests skipped on purpose")
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "Chromium is not installed: apt-get install chromium "
            f"(or {SKIP_VARIABLE}=1 to skip the browser tests on purpose)",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server, transactional_db, settings) -> Iterator[Callable]:
    """Open a page in a fresh browser context (its own cookies) on the live server."""
    from django.core.cache import cache

    # One test process posts many steps from one address; the limits have their own tests.
    settings.DOORWAY_RATE_STEPS = "10000/m"
    settings.DOORWAY_RATE_INTAKES = "10000/h"
    cache.clear()
    contexts, elsewhere, missing = [], [], []

    def note_missing(response) -> None:
        # A page may be a 404 on purpose; a file it loads (style, script, icon) may not.
        if response.status == 404 and response.request.resource_type != "document":
            missing.append(response.url)

    def open_page(viewport: dict | None = None, *, also_allow: tuple[str, ...] = (), **options):
        """``also_allow``: other local servers this page may reach (a test's identity provider)."""
        allowed = (live_server.url, *also_allow)

        def stay_local(route) -> None:
            # Nothing may leave the site: no CDN, font, tracker, or axe fetched from the network.
            if route.request.url.startswith(allowed):
                route.continue_()
            else:
                elsewhere.append(route.request.url)
                route.abort()

        context = browser.new_context(
            base_url=live_server.url, viewport=viewport or DESKTOP, **options
        )
        context.set_default_timeout(10_000)
        context.route("**/*", stay_local)
        context.on("response", note_missing)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    cache.clear()
    assert not elsewhere, f"requests to other origins: {elsewhere}"
    assert not missing, f"files a page loads that are not there: {missing}"


@pytest.fixture
def page(new_page):
    """A desktop-sized page on the live server."""
    return new_page()


@pytest.fixture(scope="session")
def axe():
    """axe-core from the package's own bundled file, injected into the page: no network."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def assert_accessible(axe, page) -> None:
    """No serious or critical WCAG 2.1 A/AA violation on the page as it is now."""
    options = {
        "resultTypes": ["violations"],
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    }
    results = axe.run(page, options=options)
    serious = [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["html"][:120] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert not serious, f"{page.url}: " + " | ".join(serious)


def axe_violations(axe, page) -> list[str]:
    """Every axe-core violation on the page as it is now, of any impact, with every rule axe
    runs by default (WCAG 2.x A and AA, and its best practices); one line each."""
    results = axe.run(page, options={"resultTypes": ["violations"]})
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["html"][:120] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
    ]
