"""The client's address: the one answer that login lockout, rate limits and the audit log share.

Without trusted proxies (``DOORWAY_TRUSTED_PROXIES`` empty) the client is whoever opened the
connection, and ``X-Forwarded-For`` is ignored. Behind proxies, the header counts only when the
connection itself comes from one of them: reading the header from the right, the first address
that is not a trusted proxy is the client. Anything further left was written by the client and
proves nothing; a client that reaches the app directly cannot forge an address at all.
"""

import ipaddress
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_proxies(values: Sequence[str], *, name: str) -> tuple[Network, ...]:
    """Addresses or networks (``10.0.0.5``, ``10.0.0.0/24``, ``::1``), checked at start-up."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {value!r} is not an IP address or network such as 10.0.0.0/24."
            ) from None
    return tuple(networks)


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _is_proxy(address, proxies: Sequence[Network]) -> bool:
    return any(address in network for network in proxies)


def client_address(request: HttpRequest | None) -> str | None:
    """The address the request came from, as far as Doorway can trust it (``None`` if unknown)."""
    if request is None:
        return None
    peer = _address(request.META.get("REMOTE_ADDR") or "")
    if peer is None:
        return None
    proxies = settings.DOORWAY_TRUSTED_PROXIES
    if not _is_proxy(peer, proxies):
        return str(peer)
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # A garbled entry: nothing to its left can be trusted either; the last proxy that
            # wrote a readable entry is as close to the client as we can tell.
            break
        if not _is_proxy(address, proxies):
            return str(address)
        peer = address
    return str(peer)


def from_trusted_proxy(request: HttpRequest) -> bool:
    """Whether the connection comes from a trusted proxy (so its forwarded headers count)."""
    peer = _address(request.META.get("REMOTE_ADDR") or "")
    return peer is not None and _is_proxy(peer, settings.DOORWAY_TRUSTED_PROXIES)
