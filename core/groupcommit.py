"""Group commit: many request threads' small writes committed together in one transaction.

A hot write path (case intake) prepares everything it can outside the database, then hands
its rows to `GroupCommit.submit`. The first thread to arrive becomes the leader: it takes
every submission waiting at that moment (its own included), writes them with one call of
the path's `write_many` inside one transaction on its own connection, commits, and hands
each submitter its result. Threads that arrive while it writes wait and form the next
group, led by one of them. Nobody is answered before the commit that holds their rows, so
this trades no durability; it saves the per-transaction cost (the commit, the database's
write lock, a statement per row instead of per group), which otherwise dominates a small
insert.

If a group's write fails, each of its submissions is written again on its own, so one bad
row (a raced idempotency key) fails only its own submitter, with the error it would have
had alone. A caller already inside a transaction (a larger action, the tests' wrapping
transaction) writes its submission at once, in that transaction.

On SQLite, leaders of different processes take turns through a lock file next to the
database (a blocking `flock`, woken as soon as it is released) instead of SQLite's busy
handler, which sleeps in growing steps and lets a busy process starve the other.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

T = TypeVar("T")
R = TypeVar("R")

_UNSET: Any = object()


class _Slot:
    __slots__ = ("item", "result", "error")

    def __init__(self, item: Any) -> None:
        self.item = item
        self.result: Any = _UNSET
        self.error: BaseException | None = None

    @property
    def done(self) -> bool:
        return self.result is not _UNSET or self.error is not None


class GroupCommit(Generic[T, R]):
    """`write_many(items) -> results` (one result per item, in order) run for groups of
    submissions; see the module's doc."""

    def __init__(
        self,
        write_many: Callable[[list[T]], list[R]],
        *,
        max_group: int = 64,
        using: str = DEFAULT_DB_ALIAS,
    ) -> None:
        self.write_many = write_many
        self.max_group = max_group
        self.using = using
        self._cond = threading.Condition()
        self._pending: list[_Slot] = []
        self._writing = False
        self.groups = 0  # groups written by this process (for benchmarks and tests)
        self.items = 0

    def submit(self, item: T, *, savepoint: bool = True) -> R:
        """`item` written and committed (or written in the caller's transaction, inside a
        savepoint unless `savepoint` is False: the caller will not survive its errors)."""
        connection = connections[self.using]
        if connection.in_atomic_block or not getattr(settings, "LINLI_GROUP_COMMIT", True):
            with transaction.atomic(using=self.using, savepoint=savepoint):
                return self.write_many([item])[0]
        slot = _Slot(item)
        with self._cond:
            self._pending.append(slot)
        while True:
            with self._cond:
                while self._writing and not slot.done:
                    self._cond.wait()
                if slot.done:
                    break
                self._writing = True
                group = self._pending[: self.max_group]
                del self._pending[: self.max_group]
            try:
                self._write(group)
            finally:
                with self._cond:
                    self._writing = False
                    self._cond.notify_all()
        if slot.error is not None:
            raise slot.error
        result: R = slot.result
        return result

    def _write(self, group: list[_Slot]) -> None:
        connection = connections[self.using]
        try:
            with _turn(connection):
                try:
                    with transaction.atomic(using=self.using):
                        results = self.write_many([s.item for s in group])
                    for slot, result in zip(group, results, strict=True):
                        slot.result = result
                    self.groups += 1
                    self.items += len(group)
                    return
                except Exception as exc:
                    if len(group) == 1:
                        group[0].error = exc
                        return
                for slot in group:  # one by one: each gets its own outcome
                    try:
                        with transaction.atomic(using=self.using):
                            slot.result = self.write_many([slot.item])[0]
                        self.groups += 1
                        self.items += 1
                    except Exception as exc:
                        slot.error = exc
        except BaseException as exc:  # the lock file, an interrupted leader: nobody waits on
            for slot in group:
                if not slot.done:
                    slot.error = exc
            raise
        finally:
            if any(slot.error is not None for slot in group):
                connection.close_if_unusable_or_obsolete()  # a broken connection reconnects


@contextlib.contextmanager
def _turn(connection: Any) -> Iterator[None]:
    """Leaders of other processes wait here while this one writes (SQLite only)."""
    if connection.vendor != "sqlite":
        yield
        return
    name = str(connection.settings_dict["NAME"])
    if not name or name == ":memory:" or name.startswith("file:"):
        yield
        return
    fd, mine = _lock_file(name)
    with mine:  # the leaders of this process (of several writers) one at a time
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)


_lock_files: dict[tuple[int, str], tuple[int, threading.Lock]] = {}
_lock_files_lock = threading.Lock()


def _lock_file(name: str) -> tuple[int, threading.Lock]:
    """The lock file of database `name`, opened once per process rather than per group (not
    across a fork: a `flock` belongs to one open, shared by a child's copy of it), and the
    lock that lets one thread of the process at a time take it."""
    key = (os.getpid(), name)
    with _lock_files_lock:
        found = _lock_files.get(key)
        if found is None:
            fd = os.open(name + ".write-lock", os.O_RDWR | os.O_CREAT, 0o600)
            found = _lock_files[key] = (fd, threading.Lock())
        return found
