"""Demo part of field work: each feature's own module adds its rows."""

from __future__ import annotations

from typing import Any

from fieldwork import demo_visits


def generate(ctx: Any) -> None:
    demo_visits.generate(ctx)
