"""Division settings, overridable in settings.py."""

from __future__ import annotations

from django.conf import settings

from areas.division.engine import Bounds

# Households a grid should hold, per grid kind (300–500 is the national guidance for
# residential grids; other kinds default to it).
DEFAULT_BOUNDS = {"residential": (300, 500), "mixed": (300, 500)}


def bounds_for(kind: str = "residential") -> Bounds:
    table = {**DEFAULT_BOUNDS, **getattr(settings, "LINLI_GRID_BOUNDS", {})}
    lo, hi = table.get(kind, table["residential"])
    return Bounds(lo, hi)


def microgrid_size() -> int:
    """Households in a micro-grid (瓯北: 920 micro-grids for about 78,000 households)."""
    return int(getattr(settings, "LINLI_MICROGRID_HOUSEHOLDS", 85))


def team_sizes() -> tuple[int, int, int]:
    """户—队—片—区: households a team, teams a piece, pieces a zone ("10户1队、10队1片")."""
    return tuple(getattr(settings, "LINLI_TEAM_SIZES", (10, 10, 4)))  # type: ignore[return-value]
