"""The README and the Makefile say what CI does: how to get a browser for the browser tests,
and `make bench` with the baselines it compares against (a skipped one is said loudly)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_says_how_to_get_a_browser_as_ci_does() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    packages = re.search(r"apt-get install -y -q ([\w .-]+)", ci)
    assert packages is not None
    readme = (ROOT / "README.md").read_text()
    assert f"apt-get install -y {packages[1].strip()}" in readme
    assert "LINLI_REQUIRE_BROWSER" in ci and "LINLI_REQUIRE_BROWSER=1 make test" in readme
    assert "make test-browser" in readme and "playwright install" in readme  # (never)


def test_the_quick_starts_two_commands_are_make_targets() -> None:
    readme = (ROOT / "README.md").read_text()
    start = readme.split("## 快速开始", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^make (\w+)", start, re.M)
    assert commands == ["demo", "test"]
    makefile = (ROOT / "Makefile").read_text()
    for target in commands:
        assert re.search(rf"^{target}:", makefile, re.M), target


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
def test_make_bench_installs_the_bench_extra_first(tmp_path: Any) -> None:
    dry = subprocess.run(
        ["make", "-n", "bench", f"VENV={tmp_path}/venv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    install = next(i for i, line in enumerate(dry) if '-e ".[dev,bench]"' in line)
    division = next(i for i, line in enumerate(dry) if "bench/division.py" in line)
    assert install < division


def test_a_skipped_max_p_baseline_is_said_on_stderr(monkeypatch: Any, capsys: Any) -> None:
    spec = importlib.util.spec_from_file_location("bench_division", ROOT / "bench" / "division.py")
    assert spec is not None and spec.loader is not None
    division = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(division)
    monkeypatch.setattr(division, "missing_maxp", lambda: ["spopt"])
    monkeypatch.setattr(sys, "argv", ["division.py", "--sizes", "300", "--redivide", "0"])
    division.main()
    out, err = capsys.readouterr()
    assert "SKIPPING the max-p baseline: spopt not installed" in err
    assert "pip install -e '.[bench]'" in err and "make bench" in err
    assert "max-p  SKIPPED" in out and "linli" in out
