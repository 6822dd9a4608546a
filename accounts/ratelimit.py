"""Failed logins: an account waits longer after each failure past the first few, and a client
address may fail many times more, whatever the accounts (many people share an address behind
a proxy or a carrier's NAT, so an address is never what locks a person out).

The login page, the admin's login (accounts.forms) and the token endpoint (accounts.api) call
`check` before trying the password, then `failed` or `succeeded`. An office lifts an
account's wait with accounts.actions.do_unlock_login. The counters live in the shared cache
(settings.CACHES), so every process sees them; an account is keyed by the phone number typed,
whether or not it has an account (which therefore shows nothing). Times are the wall clock.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import ngettext

from core.refusal import TooMany

# Once an account has had to wait, one attempt at a time: the requests that arrive together
# when a wait ends get one try between them, the others are told to wait this long.
ONE_AT_A_TIME = 60


@dataclass(frozen=True)
class Failures:
    """An account's failed logins in a row, and until when (epoch seconds) it must wait."""

    count: int = 0
    until: float = 0.0

    def wait(self, now: float) -> int:
        """Seconds left to wait (0: may try now)."""
        return max(0, math.ceil(self.until - now))


def _account_key(phone: str) -> str:
    # Hashed: a typed "phone" may hold anything, a cache key may not.
    return "login:account:" + hashlib.sha256(phone.strip().encode()).hexdigest()[:32]


def _address_key(ip: str | None, now: float) -> tuple[str, int]:
    """The key counting this address's failures in the current window, and the seconds left
    in that window."""
    window = settings.LOGIN_ADDRESS_WINDOW
    slot = int(now // window)
    return f"login:address:{ip or '-'}:{slot}", math.ceil((slot + 1) * window - now)


def failures(phone: str) -> Failures:
    found = cache.get(_account_key(phone))  # (count, until)
    return Failures(*found) if isinstance(found, tuple) else Failures()


def delay(count: int) -> int:
    """The wait after `count` failures in a row: none before LOGIN_FREE_FAILURES, then
    LOGIN_BASE_WAIT doubling with each further failure, at most LOGIN_MAX_WAIT."""
    beyond = count - settings.LOGIN_FREE_FAILURES
    if beyond < 0:
        return 0
    return int(min(settings.LOGIN_BASE_WAIT * 2 ** min(beyond, 32), settings.LOGIN_MAX_WAIT))


def _refusal(seconds: int, *, address: bool) -> TooMany:
    minutes = max(1, math.ceil(seconds / 60))
    if address:
        message = ngettext(
            "Too many failed logins from your network. Please try again in %(minutes)d minute.",
            "Too many failed logins from your network. Please try again in %(minutes)d minutes.",
            minutes,
        )
    else:
        message = ngettext(
            "Too many failed attempts. Please try again in %(minutes)d minute.",
            "Too many failed attempts. Please try again in %(minutes)d minutes.",
            minutes,
        )
    return TooMany(message % {"minutes": minutes}, retry_after=seconds)


def check(phone: str, ip: str | None) -> None:
    """Refuse (TooMany, saying how long to wait) an attempt that the account or the client
    address must wait for; otherwise the caller may try the password."""
    now = time.time()
    key, left = _address_key(ip, now)
    if (cache.get(key) or 0) >= settings.LOGIN_ADDRESS_LIMIT:
        raise _refusal(left, address=True)
    found = failures(phone)
    if wait := found.wait(now):
        raise _refusal(wait, address=False)
    if found.count >= settings.LOGIN_FREE_FAILURES and not cache.add(
        f"{_account_key(phone)}:try:{found.count}", 1, ONE_AT_A_TIME
    ):
        raise _refusal(ONE_AT_A_TIME, address=False)


def failed(phone: str, ip: str | None) -> None:
    """Count a wrong password (or a disabled account) against the account and the address."""
    now = time.time()
    key, left = _address_key(ip, now)
    if not cache.add(key, 1, left + 1):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.set(key, 1, left + 1)
    count = failures(phone).count + 1
    wait = delay(count)
    cache.set(
        _account_key(phone),
        (count, now + wait if wait else 0.0),
        wait + settings.LOGIN_FORGET_AFTER,
    )


def succeeded(phone: str) -> int:
    """Forget the account's failures (a login succeeded, or an office unlocked it); returns
    how many there were."""
    found = failures(phone)
    cache.delete_many([_account_key(phone), f"{_account_key(phone)}:try:{found.count}"])
    return found.count
