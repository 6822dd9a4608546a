"""A light HTTP/1.1 load generator for the benchmarks: one process, one asyncio loop,
`connections` keep-alive sockets, each sending its next request as soon as the answer to
the previous one has been read.

Python `requests` from threads costs about a millisecond of client CPU per request, which
on a machine of two cores shared with the server caps a trivial endpoint well below what
the server can answer (and so flatters any ratio to it). Here a request costs the client
a few tens of microseconds: the bytes of each request are built before the clock starts,
and an answer is read by its Content-Length (or its chunks).
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def request_bytes(
    method: str,
    path: str,
    host: str,
    *,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: keep-alive"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if body or method in {"POST", "PUT", "PATCH"}:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


async def _read_answer(reader: asyncio.StreamReader) -> int:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("the server closed the connection")
    status = int(status_line.split(b" ", 2)[1])
    length = 0
    chunked = False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value.strip())
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readline()).split(b";")[0].strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status


def run(
    host: str,
    port: int,
    requests: list[bytes],
    *,
    connections: int,
    seconds: float,
    on_answer: Callable[[int, int], None] | None = None,
) -> tuple[float, list[float], dict[int, int]]:
    """Send `requests` (prepared bytes, in order) over `connections` sockets until all are
    answered or `seconds` pass. Returns (answers per second, latencies in ms, statuses)."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}

    async def main() -> float:
        queue = iter(range(len(requests)))
        deadline = time.monotonic() + seconds
        opened = [await asyncio.open_connection(host, port) for _ in range(connections)]

        async def worker(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            while time.monotonic() < deadline:
                i = next(queue, None)
                if i is None:
                    break
                t0 = time.perf_counter()
                writer.write(requests[i])
                status = await _read_answer(reader)
                latencies.append((time.perf_counter() - t0) * 1000)
                statuses[status] = statuses.get(status, 0) + 1
                if on_answer is not None:
                    on_answer(i, status)
            writer.close()

        start = time.perf_counter()
        await asyncio.gather(*(worker(r, w) for r, w in opened))
        return time.perf_counter() - start

    elapsed = asyncio.run(main())
    return len(latencies) / elapsed, latencies, statuses


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def granian(
    port: int,
    *,
    workers: int,
    threads: int,
    env: dict[str, str],
    log: Any,
    app: str = "linli.wsgi:application",
) -> subprocess.Popen[bytes]:
    """Start granian in WSGI mode, as `make serve` does, on 127.0.0.1:`port`; its stderr
    goes to `log` (a file: a pipe nobody reads would stall it)."""
    root = Path(__file__).resolve().parent.parent
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "granian"),
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--blocking-threads",
            str(threads),
            "--log-level",
            "warning",
            "--respawn-failed-workers",
            app,
        ],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )


def wait_up(base: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Wait until the server at `base` answers its health endpoint (or exits)."""
    import requests

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"granian exited with {proc.returncode}")
        try:
            if requests.get(base + "/api/v1/health", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.2)
    raise SystemExit("granian did not come up")


def threaded(
    threads: int, total: int, seconds: float, call: Callable[[Any, int], int]
) -> tuple[float, list[float], dict[int, int]]:
    """The earlier client: `call(session, i)` with Python `requests` from `threads` threads
    until `total` calls or `seconds` pass. Returns (calls per second, latencies in ms,
    statuses)."""
    import requests

    lock = threading.Lock()
    counter = iter(range(total))
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.monotonic() + seconds
    gate = threading.Barrier(threads + 1)

    def worker() -> None:
        session = requests.Session()
        gate.wait()
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            t0 = time.perf_counter()
            status = call(session, i)
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(ms)
                statuses[status] = statuses.get(status, 0) + 1
        session.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    gate.wait()
    start = time.perf_counter()
    for t in pool:
        t.join()
    return len(latencies) / (time.perf_counter() - start), latencies, statuses


def pct(values: list[float], p: float) -> float:
    """The p-th percentile of `values` (0 when there are none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]
