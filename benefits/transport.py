"""Posting a request to the clearinghouse and reading its answer, within limits.

Python's own HTTP client is enough for one POST: a timeout that covers the whole answer (not
just each read), a cap on the answer's size, no redirects (a redirected request would carry
personal data somewhere nobody configured), and errors sorted into "try again" (no answer in
time, no connection, the clearinghouse's own 5xx, 408 or 429) and everything else.
"""

import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException

from benefits.choices import Failure

# An eligibility answer is a few kilobytes; a whole year of a large plan stays far below this.
MAX_ANSWER_BYTES = 1024 * 1024
_CHUNK = 64 * 1024
# Statuses worth another try: the clearinghouse's own errors, a request timeout, too many requests.
RETRY_STATUSES = (408, 429)


class TryAgain(Exception):
    """No usable answer this time, but another try may get one."""

    def __init__(self, failure: Failure, *, status: int | None = None, body: bytes = b"") -> None:
        super().__init__(failure.value)
        self.failure = failure
        self.status = status
        self.body = body


@dataclass(frozen=True)
class Answered:
    """What the clearinghouse sent back: status, body (at most ``MAX_ANSWER_BYTES``)."""

    status: int
    body: bytes
    truncated: bool

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises HTTPError with the 3xx status


_opener = urllib.request.build_opener(_NoRedirects)


def post(url: str, *, body: bytes, content_type: str, api_key: str, timeout: float) -> Answered:
    """POST ``body`` to ``url``; raises ``TryAgain`` when another try may do better."""
    headers = {"Content-Type": content_type, "Accept": content_type}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    deadline = time.monotonic() + timeout
    try:
        with _opener.open(request, timeout=timeout) as response:
            status = response.status
            data, truncated = _read(response, deadline)
    except urllib.error.HTTPError as error:
        status = error.code
        try:
            data, truncated = _read(error, deadline)
        except (TimeoutError, OSError, HTTPException):
            data, truncated = b"", False
        finally:
            error.close()
    except TimeoutError:
        raise TryAgain(Failure.TIMEOUT) from None
    except urllib.error.URLError as error:
        timed_out = isinstance(error.reason, TimeoutError | socket.timeout)
        raise TryAgain(Failure.TIMEOUT if timed_out else Failure.UNREACHABLE) from None
    except (OSError, HTTPException):
        # A connection reset or a broken reply part-way through.
        raise TryAgain(Failure.UNREACHABLE) from None
    if status >= 500 or status in RETRY_STATUSES:
        raise TryAgain(Failure.SERVER_ERROR, status=status, body=data)
    return Answered(status=status, body=data, truncated=truncated)


def _read(response, deadline: float) -> tuple[bytes, bool]:
    """The body, at most ``MAX_ANSWER_BYTES`` of it, read before ``deadline``."""
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_ANSWER_BYTES:
        if time.monotonic() > deadline:
            raise TimeoutError
        chunk = response.read(_CHUNK)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    data = b"".join(chunks)
    return data[:MAX_ANSWER_BYTES], len(data) > MAX_ANSWER_BYTES
