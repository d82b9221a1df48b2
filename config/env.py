"""Small readers for settings that come from environment variables.

Each reader fails loudly on a malformed value: a typo such as ``DJANGO_DEBUG=maybe`` must stop
the app at start-up rather than silently fall back to a default.
"""

import os
import re

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    """The variable's value, or ``default`` when it is unset or empty."""
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, default: bool) -> bool:
    """A boolean variable: true/false, yes/no, on/off or 1/0 (any case)."""
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    """A whole-number variable, at least ``minimum``."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list; blank items are dropped."""
    raw = os.environ.get(name, "")
    items = [item.strip() for item in raw.split(",") if item.strip()]
    return items or list(default or [])


_RATE = re.compile(r"^[1-9]\d*/\d*[smhd]$")


def env_rate(name: str, default: str) -> str:
    """A rate limit such as ``10/h`` or ``60/m`` (count / optional number + s, m, h or d)."""
    value = env_str(name, default)
    if not _RATE.match(value):
        raise ImproperlyConfigured(f"{name}={value!r} is not a rate such as 10/h or 60/m.")
    return value


def env_pairs(name: str) -> list[tuple[str, str]]:
    """Comma-separated ``key=value`` pairs (``a=x,b=y``); a key may repeat."""
    pairs = []
    for item in env_list(name):
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ImproperlyConfigured(f"{name}: {item!r} is not a key=value pair.")
        pairs.append((key.strip(), value.strip()))
    return pairs


_PHONE = re.compile(r"^\+?[\d\s().-]+$")


def env_phone(name: str, default: str = "") -> str:
    """A telephone number as people should read it, e.g. ``(202) 555-0142`` or ``+1 202 555 0142``:
    digits, spaces, brackets, dots and dashes, at least seven digits."""
    value = env_str(name, default)
    if value and (not _PHONE.match(value) or sum(char.isdigit() for char in value) < 7):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a phone number such as (202) 555-0142 or +1 202 555 0142."
        )
    return value


_ORIGIN = re.compile(r"^https?://[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$")


def env_origins(name: str) -> list[str]:
    """Comma-separated web origins (``https://www.example.org``): a scheme, a host and an
    optional port, nothing after. Wildcards and paths are refused, so a typo cannot open the
    pages to every site."""
    origins = [item.lower().rstrip("/") for item in env_list(name)]
    for origin in origins:
        if not _ORIGIN.match(origin):
            raise ImproperlyConfigured(
                f"{name}: {origin!r} is not an origin such as https://www.example.org."
            )
    return origins


def require(names: list[str], *, reason: str = "Production mode (DJANGO_DEBUG=false)") -> None:
    """Refuse to start when any of ``names`` is unset, naming every missing one."""
    missing = [name for name in names if not env_str(name)]
    if missing:
        raise ImproperlyConfigured(
            f"{reason} needs these environment variables: " + ", ".join(missing)
        )
