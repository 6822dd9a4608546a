"""Does the process that took on a piece of work still live?

The process holds a lock while it works (`alive()`), under a random token it stores with the
work; any process can ask whether that lock is still held (`lives(token)`). Whoever owns the
lock, the database or the operating system releases it when the process ends, also by
`kill -9` or a lost machine, so a held lock means a living holder and no clock is guessed:

- PostgreSQL: a session advisory lock on the process's connection; the server drops it with
  the connection. `lives` reads `pg_locks`, taking nothing. (A pooler in transaction mode,
  such as pgbouncer's, would break session locks: connect the workers directly.)
- SQLite (one machine): an `flock` on a file beside the database, released by the kernel
  when the process's files close. An in-memory database lives in one process, so a set of
  the tokens held there answers.

The holder uses the thread's default connection and must keep it open while it works.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import threading
from collections.abc import Iterator

from django.db import connection

# The first key of linli's advisory locks (two-key form): "LNLI".
NAMESPACE = 0x4C4E4C49

_held_here: set[int] = set()
_held_lock = threading.Lock()


def _file(token: int) -> str | None:
    """The lock file of `token`, or None for a database with no file (in memory)."""
    name = str(connection.settings_dict["NAME"])
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return f"{name}.alive-{token}"


@contextlib.contextmanager
def alive() -> Iterator[int]:
    """Hold a new token's lock while the block runs; yields the token (1 … 2³¹−1)."""
    token = secrets.randbelow(2**31 - 1) + 1
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s::int4, %s::int4)", [NAMESPACE, token])
        try:
            yield token
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s::int4, %s::int4)", [NAMESPACE, token])
        return
    path = _file(token)
    if path is None:
        with _held_lock:
            _held_here.add(token)
        try:
            yield token
        finally:
            with _held_lock:
                _held_here.discard(token)
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield token
    finally:
        os.unlink(path)
        os.close(fd)  # releases the lock


def lives(token: int) -> bool:
    """Is `token`'s lock held, by a living process (this one included)?"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'"
                " AND classid::int8 = %s AND objid::int8 = %s AND objsubid = 2 AND granted)",
                [NAMESPACE, token],
            )
            return bool(cursor.fetchone()[0])
    path = _file(token)
    if path is None:
        with _held_lock:
            return token in _held_here
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        os.unlink(path)  # left behind by a process that died
        return False
    finally:
        os.close(fd)
