"""Where a person came from: the campaign tags of the link they followed and the site before.

Pure Python, one job: turn what arrived (query parameters, a ``Referer`` header, a field of an
import or the API) into the few short values the centre may keep. Everything that could name
somebody is dropped rather than stored: only ``utm_source``, ``utm_medium`` and
``utm_campaign`` are read (never ``utm_term``, which may hold what a person searched for, or
``utm_content``); a value that looks like an email address or a phone number is dropped; and of
the referring page only its host is kept, never its path or query.
"""

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

# The fields, in the order they are shown and stored (on the lead and the anonymous tallies).
FIELDS = ("utm_source", "utm_medium", "utm_campaign", "referrer_host")
UTM_FIELDS = FIELDS[:3]
VALUE_MAX = 60
HOST_MAX = 100

_ALLOWED = re.compile(r"^[a-z0-9][a-z0-9 ._+\-]*$")
_DIGITS = re.compile(r"\d")
_HOST = re.compile(r"^[a-z0-9]([a-z0-9\-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9\-]*[a-z0-9])?)*$")


def clean_tag(value: Any) -> str:
    """A campaign tag lower-cased and trimmed, or "" when it is unusable or could name someone."""
    if not isinstance(value, str):
        return ""
    tag = " ".join(value.strip().lower().split())[:VALUE_MAX].strip()
    if not tag or "@" in tag or not _ALLOWED.match(tag):
        return ""
    # Seven digits or more: a phone number, a member ID, a date of birth. Not a campaign name.
    if len(_DIGITS.findall(tag)) >= 7:
        return ""
    return tag


def clean_host(value: Any) -> str:
    """The host of a referring page ("www." kept off), or "" for anything that is not a host."""
    if not isinstance(value, str):
        return ""
    host = value.strip().lower().rstrip(".")
    host = host.removeprefix("www.")
    if not host or len(host) > HOST_MAX or not _HOST.match(host) or "." not in host:
        return ""
    return host


def host_of(referer: str) -> str:
    """The host of a ``Referer`` header (a full URL); "" when there is none."""
    if not referer:
        return ""
    try:
        parts = urlsplit(referer)
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https"):
        return ""
    return clean_host(parts.hostname or "")


def clean(values: Mapping[str, Any] | None) -> dict[str, str]:
    """Every attribution field, cleaned ("" for missing or dropped ones)."""
    values = values or {}
    cleaned = {name: clean_tag(values.get(name)) for name in UTM_FIELDS}
    cleaned["referrer_host"] = clean_host(values.get("referrer_host"))
    return cleaned


def from_request_parts(
    query: Mapping[str, Any], referer: str, own_hosts: frozenset[str]
) -> dict[str, str]:
    """What a page request says about where the visitor came from (all "" when nothing).

    ``own_hosts`` are the centre's own hosts: moving between Doorway's pages is not a source.
    """
    found = {name: clean_tag(query.get(name)) for name in UTM_FIELDS}
    host = host_of(referer)
    own = {clean_host(h.split(":")[0]) for h in own_hosts}
    found["referrer_host"] = "" if host in own else host
    return found
