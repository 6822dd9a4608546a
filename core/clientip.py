"""The client's address: REMOTE_ADDR, unless the request came through a proxy this deployment
trusts (LINLI_TRUSTED_PROXIES, addresses or networks). Then X-Forwarded-For is read from the
right, each hop appended by the proxy in front of it, and the first address that is not one
of the trusted proxies is the client: whatever lies further left, the client wrote itself."""

from __future__ import annotations

import functools
import ipaddress

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@functools.cache
def _networks(raw: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in raw)


def _address(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = _networks(tuple(settings.LINLI_TRUSTED_PROXIES))
    address = _address(remote or "")
    if address is None or not any(address in net for net in trusted):
        return remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        found = _address(hop)
        if found is None:
            break  # not written by a proxy of ours: keep the last hop we could read
        address = found
        if not any(address in net for net in trusted):
            break
    return str(address)
