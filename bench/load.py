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
from urllib.parse import urlencode, urljoin, urlsplit

REQUEST_TIMEOUT_SECONDS = 30.0
MAX_REDIRECTS = 5
REDIRECTS = (301, 302, 303, 307, 308)
MAX_ERROR_SAMPLES = 20


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
    requests: int = 0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)

    def record(self, label: str, elapsed_ms: float, status: int) -> None:
        self.latencies_ms[label].append(elapsed_ms)
        self.requests += 1
        if not 200 <= status < 400:
            self.error(f"{label}: HTTP {status}")

    def error(self, what: str) -> None:
        self.errors += 1
        if len(self.error_samples) < MAX_ERROR_SAMPLES:
            self.error_samples.append(what)

    def merge(self, other: "Stats") -> None:
        for label, values in other.latencies_ms.items():
            self.latencies_ms[label].extend(values)
        self.requests += other.requests
        self.errors += other.errors
        self.error_samples += other.error_samples[: MAX_ERROR_SAMPLES - len(self.error_samples)]

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


@dataclass
class Response:
    """What came back: the status, the headers (names in lower case) and the body."""

    url: str
    status_code: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key == name), None)

    def header_list(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key == name]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    @property
    def is_redirect(self) -> bool:
        return self.status_code in REDIRECTS and self.header("location") is not None


class RequestFailed(Exception):
    """No (complete) response: refused, reset, malformed or too slow."""


class Client:
    """A minimal HTTP/1.1 client for the server under test, one connection per request.

    A general-purpose client costs the load generator several times more CPU per request than
    this, and the load generator shares the machine's cores with the server it measures.
    gunicorn's sync workers close the connection after every response anyway.
    """

    def __init__(self, base_url: str, timeout: float = REQUEST_TIMEOUT_SECONDS) -> None:
        self.base_url = base_url
        self.timeout = timeout

    async def request(
        self,
        method: str,
        url: str,
        *,
        data: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        absolute = urljoin(self.base_url, url)
        try:
            return await asyncio.wait_for(
                self._exchange(method, absolute, data, headers or {}), self.timeout
            )
        except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError) as exc:
            raise RequestFailed(type(exc).__name__) from exc

    async def _exchange(
        self, method: str, url: str, data: dict[str, Any] | None, headers: dict[str, str]
    ) -> Response:
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        body = urlencode(data, doseq=True).encode() if data is not None else b""
        lines = [
            f"{method} {target} HTTP/1.1",
            f"Host: {parts.netloc}",
            "Connection: close",
            "User-Agent: doorway-bench",
            *(f"{name}: {value}" for name, value in headers.items() if value),
        ]
        if data is not None:
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
            ]
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        try:
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
            status = int((await reader.readline()).split(b" ", 2)[1])
            received: list[tuple[str, str]] = []
            while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                received.append((name.strip().lower(), value.strip()))
            response = Response(url, status, received, b"")
            response.body = await _read_body(reader, response, method)
        finally:
            writer.close()
        return response


async def _read_body(reader: asyncio.StreamReader, response: Response, method: str) -> bytes:
    if method == "HEAD" or response.status_code in (204, 304) or response.status_code < 200:
        return b""
    if (response.header("transfer-encoding") or "").lower() == "chunked":
        chunks = []
        while size := int((await reader.readline()).split(b";")[0], 16):
            chunks.append(await reader.readexactly(size))
            await reader.readline()
        return b"".join(chunks)
    length = response.header("content-length")
    if length is not None:
        return await reader.readexactly(int(length))
    return await reader.read()


class Browser:
    """One person's browser: their own cookies, every request timed, redirects followed by hand."""

    def __init__(self, client: Client, stats: Stats) -> None:
        self.client = client
        self.stats = stats
        self.cookies: dict[str, str] = {}
        self.language = "en"

    def forget(self, language: str = "en") -> None:
        """A new person at the same machine: no cookies, maybe another language."""
        self.cookies.clear()
        self.language = language

    async def request(
        self, method: str, url: str, label: str, data: dict[str, Any] | None = None
    ) -> Response | None:
        """One request; None when it failed without a response (counted as an error)."""
        headers = {
            "Accept-Language": self.language,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        started = time.perf_counter()
        try:
            response = await self.client.request(method, url, data=data, headers=headers)
        except RequestFailed as exc:
            self.stats.latencies_ms[label].append((time.perf_counter() - started) * 1000)
            self.stats.error(f"{label}: {exc}")
            return None
        self.stats.record(label, (time.perf_counter() - started) * 1000, response.status_code)
        self._remember(response)
        return response

    def _remember(self, response: Response) -> None:
        for header in response.header_list("set-cookie"):
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    async def get(self, url: str, label: str) -> Response | None:
        """GET ``url`` and follow redirects, each hop timed under ``label``."""
        response = await self.request("GET", url, label)
        return await self.follow(response, label)

    async def follow(self, response: Response | None, label: str) -> Response | None:
        """Follow ``response``'s redirects (GETs, as a browser does after a POST)."""
        for _ in range(MAX_REDIRECTS):
            if response is None or not response.is_redirect:
                return response
            target = urljoin(response.url, response.header("location") or "")
            if urlsplit(target).netloc != urlsplit(response.url).netloc:
                return response  # leaving the site (e.g. quick exit): not ours to load
            response = await self.request("GET", target, label)
        return response


async def run_people(
    count: int,
    person: Callable[[int], Awaitable[None]],
) -> float:
    """Run ``count`` people at once; returns the wall-clock seconds they took."""
    started = time.perf_counter()
    await asyncio.gather(*(person(number) for number in range(count)))
    return time.perf_counter() - started


class Deadline:
    """A loop bound in both time and count; work finished before it passed is "in the window"."""

    def __init__(self, seconds: float, max_rounds: int) -> None:
        self.started = time.perf_counter()
        self.ends = self.started + seconds
        self.max_rounds = max_rounds
        self.rounds = 0

    def another(self) -> bool:
        if self.rounds >= self.max_rounds or time.perf_counter() >= self.ends:
            return False
        self.rounds += 1
        return True

    def open(self) -> bool:
        return time.perf_counter() < self.ends

    def window(self) -> float:
        """Seconds from the start to the deadline, or to now if everyone stopped earlier."""
        return min(time.perf_counter(), self.ends) - self.started
