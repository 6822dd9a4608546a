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
