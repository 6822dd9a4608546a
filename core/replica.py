"""Reads that may come from a read replica: the dashboards' figures and the exports.

`LINLI_REPLICA_URL` (linli.settings) adds a `replica` database (in tests a mirror of the
default one); without it everything reads and writes the default database. A read path opts
in with `with replica.reads(): ...`; `Router` then sends the ORM's reads inside the block to
the replica. Writes always go to the default database, and nothing migrates the replica (it
follows its primary). What is read there may lag the primary by the replication delay, so
only figures and exports read there, never what an action checks before it writes."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from django.conf import settings

REPLICA = "replica"
_reading = contextvars.ContextVar("linli_replica_reads", default=False)


def configured() -> bool:
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def reads() -> Iterator[str]:
    """Within the block, reads go to the replica when one is configured; yields the alias."""
    token = _reading.set(True)
    try:
        yield REPLICA if configured() else "default"
    finally:
        _reading.reset(token)


class Router:
    """DATABASE_ROUTERS: reads inside `reads()` to the replica, everything else by default."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return REPLICA if _reading.get() and configured() else None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replica holds the same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA
