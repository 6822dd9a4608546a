"""Failed-login counting in the cache, per phone number and per client address."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache


def _keys(phone: str, ip: str | None) -> list[str]:
    return [f"login-fail:phone:{phone}", f"login-fail:ip:{ip or '-'}"]


def is_limited(phone: str, ip: str | None) -> bool:
    return any((cache.get(k) or 0) >= settings.LOGIN_RATE_LIMIT for k in _keys(phone, ip))


def note_failure(phone: str, ip: str | None) -> None:
    for key in _keys(phone, ip):
        if cache.add(key, 1, settings.LOGIN_RATE_WINDOW):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.LOGIN_RATE_WINDOW)


def clear(phone: str) -> None:
    cache.delete(f"login-fail:phone:{phone}")
