"""Times are stored in UTC and shown in Asia/Shanghai."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")


def now() -> dt.datetime:
    return timezone.now()


def local(value: dt.datetime) -> dt.datetime:
    return value.astimezone(SHANGHAI)


def today() -> dt.date:
    return local(now()).date()


def shown(value: dt.datetime) -> str:
    """A stored moment as people read it in messages, exports and logs: "2026-12-06 14:42" in
    Asia/Shanghai (pages format theirs with the `date` filter, which does the same)."""
    return f"{local(value):%Y-%m-%d %H:%M}"
