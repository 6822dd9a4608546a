"""The client address: REMOTE_ADDR, or behind a trusted proxy the right-most untrusted hop of
X-Forwarded-For."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from core.clientip import client_ip


def _ip(remote: str, forwarded: str | None = None) -> str | None:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(request)


def test_it_ignores_forwarded_for_without_trusted_proxies(settings: Any) -> None:
    settings.LINLI_TRUSTED_PROXIES = []
    assert _ip("203.0.113.7", "198.51.100.1") == "203.0.113.7"


def test_it_ignores_forwarded_for_from_an_untrusted_peer(settings: Any) -> None:
    settings.LINLI_TRUSTED_PROXIES = ["10.0.0.0/8"]
    # A client that talks to the app server directly cannot pick its own address.
    assert _ip("203.0.113.7", "198.51.100.1") == "203.0.113.7"


@pytest.mark.parametrize(
    ("forwarded", "client"),
    [
        ("198.51.100.1", "198.51.100.1"),
        # What the client wrote itself lies left of what our proxy appended.
        ("1.2.3.4, 198.51.100.1", "198.51.100.1"),
        ("forged, 198.51.100.1", "198.51.100.1"),
        # Two proxies of ours in a row: the load balancer appended the edge proxy's address.
        ("1.2.3.4, 198.51.100.1, 10.0.0.9", "198.51.100.1"),
        ("2001:db8::1", "2001:db8::1"),
    ],
)
def test_it_takes_the_right_most_untrusted_forwarded_address_from_a_trusted_proxy(
    settings: Any, forwarded: str, client: str
) -> None:
    settings.LINLI_TRUSTED_PROXIES = ["10.0.0.0/8", "127.0.0.1"]
    assert _ip("10.0.0.2", forwarded) == client


def test_it_keeps_the_proxy_address_when_forwarded_for_is_missing_or_unreadable(
    settings: Any,
) -> None:
    settings.LINLI_TRUSTED_PROXIES = ["127.0.0.1"]
    assert _ip("127.0.0.1") == "127.0.0.1"
    assert _ip("127.0.0.1", "not-an-address") == "127.0.0.1"
    assert _ip("127.0.0.1", "127.0.0.1") == "127.0.0.1"
