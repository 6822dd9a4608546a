"""The server of `make serve` (and of the README's deployment) outlives a worker that dies."""

from __future__ import annotations

import re
import shlex
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _serve_command() -> list[str]:
    dry = subprocess.run(
        ["make", "-n", "serve"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    line = next(line for line in dry.splitlines() if "bin/granian " in line)
    return shlex.split(line)


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return str(answer.read().decode())
    except (urllib.error.URLError, ConnectionError, OSError):
        return None


def test_the_readme_starts_the_server_as_make_serve_does() -> None:
    readme = (ROOT / "README.md").read_text()
    started = re.findall(r"^\.venv/bin/granian .*$", readme, re.M)
    assert started and all("--respawn-failed-workers" in line for line in started)


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
def test_the_server_replaces_a_worker_that_dies() -> None:
    command = _serve_command()
    assert "--respawn-failed-workers" in command
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # The same server and flags with one worker, a quick respawn and an application that dies.
    command[command.index("--port") + 1] = str(port)
    command[command.index("--workers") + 1] = "1"
    command[-1] = "linli.tests.dying_app:app"
    command[1:1] = ["--respawn-interval", "0.1", "--log-level", "error"]
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while (first := _get(base + "/")) is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert first is not None
        assert _get(base + "/die") is None  # the worker aborted mid-request
        while (second := _get(base + "/")) is None and time.monotonic() < deadline:
            assert server.poll() is None, "the server exited with its worker"
            time.sleep(0.1)
        assert second is not None and second != first  # a new worker process answers
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=30)
