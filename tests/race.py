"""Races for the PostgreSQL tests: n threads released together, each with its own database
connection (closed when it is done), so that row locks and constraints really meet."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection

from core.refusal import Refusal


def race(fn: Callable[[int], Any], n: int = 2) -> list[Any]:
    """Run `fn(i)` for i < n from n threads released together; answers each call's result or
    the exception it raised, in the order of i."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = fn(i)
        except Exception as exc:  # collected for the caller to assert on
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def outcomes(fn: Callable[[int], Any], n: int = 2) -> list[str]:
    """The race's outcomes, sorted: "won" for a call that returned, "lost:<status>" for one
    refused (core.refusal.Refusal); any other exception is raised, as a bug."""
    named = []
    for result in race(fn, n):
        if isinstance(result, Refusal):
            named.append(f"lost:{result.status}")
        elif isinstance(result, Exception):
            raise result
        else:
            named.append("won")
    return sorted(named)
