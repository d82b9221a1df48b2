"""An asyncio load generator: simulated people, each with their own browser state.

Every request is timed on its own (redirects are followed by hand), so a figure such as "the final
submit POST" means exactly that request. Cookies are kept per person by hand too: production
cookies are ``Secure`` and a standard cookie jar would not send them over the plain HTTP of a
loopback benchmark. Every loop is bounded in both count and time.
"""

import asyncio
import math
import re
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from typing import Any

import httpx

REQUEST_TIMEOUT_SECONDS = 30.0
MAX_REDIRECTS = 5


def percentile(values: list[float], pct: float) -> float:
    """The nearest-rank percentile of ``values`` (0.0 when there are none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Stats:
    """Latencies per request label, and every response that was not a success or a redirect."""

    latencies_ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)

    def record(self, label: str, elapsed_ms: float, status: int) -> None:
        self.latencies_ms[label].append(elapsed_ms)
        if not 200 <= status < 400:
            self.error(f"{label}: HTTP {status}")

    def error(self, what: str) -> None:
        self.errors += 1
        if len(self.error_samples) < 20:
            self.error_samples.append(what)

    def count(self, label: str) -> int:
        return len(self.latencies_ms.get(label, []))

    def p95(self, label: str) -> float:
        return percentile(self.latencies_ms.get(label, []), 95)


@dataclass
class Form:
    """A ``<form method="post">`` as a browser would submit it untouched."""

    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    # Field name -> the values offered (radio buttons, checkboxes, select options).
    options: dict[str, list[str]] = field(default_factory=dict)
    # Field name -> input type ("text", "radio", "checkbox", "select", "textarea", ...).
    types: dict[str, str] = field(default_factory=dict)

    def names(self) -> set[str]:
        return set(self.types)


class _FormParser(HTMLParser):
    """Collects the POST forms of a page, with the values a browser would send by default."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "form":
            if attr.get("method", "get").lower() == "post":
                self._form = Form(action=attr.get("action", ""))
            return
        form = self._form
        if form is None:
            return
        name = attr.get("name")
        if tag == "input" and name:
            kind = attr.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            form.types.setdefault(name, kind)
            if kind in {"radio", "checkbox"}:
                form.options.setdefault(name, []).append(attr.get("value", "on"))
                if "checked" in attr:
                    form.fields.setdefault(name, []).append(attr.get("value", "on"))
            else:
                form.fields[name] = [attr.get("value", "")]
        elif tag == "select" and name:
            self._select = name
            form.types[name] = "select"
            form.options[name] = []
        elif tag == "option" and self._select:
            value = attr.get("value", "")
            form.options[self._select].append(value)
            if "selected" in attr:
                form.fields[self._select] = [value]
        elif tag == "textarea" and name:
            self._textarea = name
            form.types[name] = "textarea"
            form.fields[name] = [""]

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def post_forms(html: str) -> list[Form]:
    """Every POST form on the page, in order."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


_FORM_BLOCK = re.compile(r"<form\b[^>]*>.*?</form>", re.DOTALL | re.IGNORECASE)


def csrf_form(html: str, action_contains: str = "") -> Form | None:
    """The first POST form carrying a CSRF token whose action contains ``action_contains``.

    Only the form elements themselves are parsed: the load generator shares the machine with
    the server, so it keeps its own work small.
    """
    for block in _FORM_BLOCK.findall(html):
        opening = block[: block.index(">") + 1]
        if action_contains not in opening:
            continue
        for form in post_forms(block):
            if "csrfmiddlewaretoken" in form.fields and action_contains in form.action:
                return form
    return None


class Browser:
    """One person's browser: their own cookies, every request timed, redirects followed by hand."""

    def __init__(self, client: httpx.AsyncClient, stats: Stats) -> None:
        self.client = client
        self.stats = stats
        self.cookies: dict[str, str] = {}

    def forget(self) -> None:
        """A new person at the same machine: no cookies."""
        self.cookies.clear()

    async def request(
        self, method: str, url: str, label: str, data: dict[str, Any] | None = None
    ) -> httpx.Response | None:
        """One request; None when it failed without a response (counted as an error)."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        started = time.perf_counter()
        try:
            response = await self.client.request(method, url, data=data, headers=headers)
        except httpx.HTTPError as exc:
            self.stats.latencies_ms[label].append((time.perf_counter() - started) * 1000)
            self.stats.error(f"{label}: {type(exc).__name__}")
            return None
        self.stats.record(label, (time.perf_counter() - started) * 1000, response.status_code)
        # The client's own jar is never used: keep it empty so people never share cookies.
        self.client.cookies.clear()
        self._remember(response)
        return response

    def _remember(self, response: httpx.Response) -> None:
        for header in response.headers.get_list("set-cookie"):
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    async def get(self, url: str, label: str) -> httpx.Response | None:
        """GET ``url`` and follow redirects, each hop timed under ``label``."""
        response = await self.request("GET", url, label)
        return await self.follow(response, label)

    async def follow(self, response: httpx.Response | None, label: str) -> httpx.Response | None:
        """Follow ``response``'s redirects (GETs, as a browser does after a POST)."""
        for _ in range(MAX_REDIRECTS):
            if response is None or not response.is_redirect:
                return response
            location = response.headers["location"]
            target = response.url.join(location)
            if target.host != response.url.host or target.port != response.url.port:
                return response  # leaving the site (e.g. quick exit): not ours to load
            response = await self.request("GET", str(target), label)
        return response


async def run_people(
    count: int,
    person: Callable[[int], Awaitable[None]],
) -> float:
    """Run ``count`` people at once; returns the wall-clock seconds they took."""
    started = time.perf_counter()
    await asyncio.gather(*(person(number) for number in range(count)))
    return time.perf_counter() - started


def make_client(base_url: str, concurrency: int) -> httpx.AsyncClient:
    """An HTTP/1.1 client for the local server, with a keep-alive connection per person."""
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=REQUEST_TIMEOUT_SECONDS,
        limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
        follow_redirects=False,
        headers={"User-Agent": "doorway-bench", "Accept-Language": "en"},
    )


class Deadline:
    """A loop bound in both time and count."""

    def __init__(self, seconds: float, max_rounds: int) -> None:
        self.ends = time.perf_counter() + seconds
        self.max_rounds = max_rounds
        self.rounds = 0

    def another(self) -> bool:
        if self.rounds >= self.max_rounds or time.perf_counter() >= self.ends:
            return False
        self.rounds += 1
        return True
