"""Short-lived per-process memos for lookups every request repeats (an API key, a category).

The default cache is per process (locmem), so a change made in one server process cannot
reach another's memo: entries therefore live only `ttl` seconds, which bounds how long
another process may act on the old row. The process that saves the change clears its memo
at once (`clear()` from a post_save/post_delete receiver). Only cache what a request may
act on for those seconds without harm, and hand out copies of mutable rows.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Memo(Generic[T]):
    def __init__(self, ttl: float, size: int = 4096) -> None:
        self.ttl = ttl
        self.size = size
        self._lock = threading.Lock()
        self._data: dict[Hashable, tuple[float, T]] = {}

    def get(self, key: Hashable, load: Callable[[], T | None]) -> T | None:
        """The memoised value for `key`, or `load()` kept for `ttl` seconds. None is not
        kept: a row that did not exist is looked up again, so a new one is seen at once."""
        now = time.monotonic()
        found = self._data.get(key)
        if found is not None and now - found[0] < self.ttl:
            return found[1]
        value = load()
        if value is None:
            return None
        with self._lock:
            if len(self._data) >= self.size:
                self._data.clear()
            self._data[key] = (now, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


class SharedVersion:
    """A version tag kept in the shared cache (`linli.settings.CACHES`: on disk or Redis, seen
    by every process of the site), for per-process copies of data that changes rarely (the
    routing index, the holiday calendar): a process rebuilds its copy when the tag differs
    from the one it was built under.

    Reading the shared cache costs a file read, so a process re-reads the tag at most every
    `settings.LINLI_SHARED_VERSION_SECONDS` (default 1 s): a change made in another process
    reaches this one within that time, one made in this process (`bump`) at once."""

    def __init__(self, key: str) -> None:
        self.key = key
        self._seen: tuple[float, str] | None = None

    def get(self) -> str:
        from django.conf import settings
        from django.core.cache import cache

        now = time.monotonic()
        seen = self._seen
        every = getattr(settings, "LINLI_SHARED_VERSION_SECONDS", 1.0)
        if seen is not None and now - seen[0] < every:
            return seen[1]
        version = cache.get(self.key)
        if version is None:
            cache.add(self.key, uuid.uuid4().hex, None)
            version = cache.get(self.key)
        self._seen = (now, str(version))
        return str(version)

    def bump(self) -> None:
        from django.core.cache import cache

        cache.set(self.key, uuid.uuid4().hex, None)
        self._seen = None
