"""Short-lived per-process memos for lookups every request repeats (an API key, a category).

Entries live only `ttl` seconds. The process that saves a change clears its memo at once
(`clear()` from a post_save/post_delete receiver). A memo made with `shared=` also tells the
other processes: clearing it bumps a version tag in the shared cache (`SharedVersion`), and
each process drops its entries when it sees the tag change, within
`settings.LINLI_SHARED_VERSION_SECONDS`; the ttl stays as the bound should the shared cache
be unreachable. Only cache what a request may act on for that long without harm, and hand
out copies of mutable rows.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Memo(Generic[T]):
    def __init__(self, ttl: float, size: int = 4096, *, shared: str = "") -> None:
        self.ttl = ttl
        self.size = size
        self._lock = threading.Lock()
        self._data: dict[Hashable, tuple[float, T]] = {}
        self._shared = SharedVersion(f"memo:{shared}") if shared else None
        self._seen = ""

    def get(self, key: Hashable, load: Callable[[], T | None]) -> T | None:
        """The memoised value for `key`, or `load()` kept for `ttl` seconds. None is not
        kept: a row that did not exist is looked up again, so a new one is seen at once."""
        if self._shared is not None:
            version = self._shared.get()
            if version != self._seen:
                with self._lock:
                    self._data.clear()
                    self._seen = version
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
        """Forget every entry here, and (`shared`) in the other processes."""
        with self._lock:
            self._data.clear()
        if self._shared is not None:
            self._shared.bump()


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
