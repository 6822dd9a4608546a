"""A WSGI application whose worker process dies on /die (os.abort, as a native library's failed
allocation does): test_serve checks that the server `make serve` starts outlives it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    if environ.get("PATH_INFO") == "/die":
        os.abort()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(os.getpid()).encode()]
