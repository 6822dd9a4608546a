"""linli/settings.py refuses to start without SECRET_KEY, except in a development run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READ_KEY = "from django.conf import settings; print(settings.SECRET_KEY)"


def _read_key(**env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter whose environment holds only `env`."""
    return subprocess.run(
        [sys.executable, "-c", READ_KEY],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "linli.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_to_start_without_a_secret_key() -> None:
    run = _read_key()
    assert run.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in run.stderr
    assert "DEBUG=1 or LINLI_DEMO=1" in run.stderr


def test_it_uses_the_key_it_is_given() -> None:
    run = _read_key(SECRET_KEY="a-key-from-the-deployment")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "a-key-from-the-deployment"


@pytest.mark.parametrize("flag", ["DEBUG", "LINLI_DEMO"])
def test_it_starts_without_a_key_in_a_development_run(flag: str) -> None:
    run = _read_key(**{flag: "1"})
    assert run.returncode == 0, run.stderr
    assert "insecure" in run.stdout


def test_make_and_the_tests_run_as_development_runs() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "export LINLI_DEMO ?= 1" in makefile
    assert os.environ.get("LINLI_DEMO") == "1"  # set by linli.settings_dev, pytest's settings
