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
import time
from collections.abc import Callable


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
