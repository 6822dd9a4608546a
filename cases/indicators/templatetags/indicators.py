from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def pct(value: float | None) -> str:
    """0.9 → "90.0%"; nothing due → "—"."""
    return "—" if value is None else f"{value * 100:.1f}%"


@register.filter
def share(row: Any, level: int) -> Any:
    return row.level_shares.get(level)


@register.filter
def rating(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"
