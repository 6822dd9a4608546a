"""The WSGI application of `linli.wsgi` with the case intake's storage replaced by nothing:
every checked report is handed a made-up key instead of being written. For
`bench/case_intake.py` only, which serves it beside the application to measure what the
intake costs above the database (request handling, token auth, body validation, routing,
deadline, building the rows, rendering the answer). Never served to anybody.
"""

from __future__ import annotations

import itertools
import threading
from typing import Any

from linli.wsgi import application  # sets Django up: the imports below come after it

_keys = itertools.count(10**9)
_lock = threading.Lock()


def _submit(item: Any, savepoint: bool = False) -> Any:
    from core.bulk import stored_as

    with _lock:
        pk = next(_keys)
    stored_as(item.case, pk)
    item.first.case_id = pk
    stored_as(item.first, pk)
    stored_as(item.entry, pk)
    item.case.intake_rows = ([item.first], [])
    return item.case


def _install() -> None:
    from cases.actions import intake

    intake.writer.submit = _submit  # type: ignore[method-assign]


_install()

__all__ = ["application"]
