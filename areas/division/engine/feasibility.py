"""Checks before dividing: the input is well formed, and some count of grids can hold a
community's households within the bounds (else the nearest bounds that can)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from areas.division.engine.types import Bounds, BuildingIn, InputError, Problem


def validate(buildings: Sequence[BuildingIn], bounds: Bounds) -> None:
    if bounds.min < 1 or bounds.max < 1:
        raise InputError("The bounds must be positive numbers of households.")
    if bounds.min > bounds.max:
        raise InputError(f"The minimum ({bounds.min}) is larger than the maximum ({bounds.max}).")
    seen: set[str] = set()
    for b in buildings:
        if b.id in seen:
            raise InputError(f"Building code {b.id} appears more than once.")
        seen.add(b.id)
        if b.lon is None or b.lat is None or not (math.isfinite(b.lon) and math.isfinite(b.lat)):
            raise InputError(f"Building {b.id} has no location.")
        if not (-180 <= b.lon <= 180 and -90 <= b.lat <= 90):
            raise InputError(f"Building {b.id} has a location outside longitude/latitude range.")
        if b.households < 0:
            raise InputError(f"Building {b.id} has a negative number of households.")
        if not b.community:
            raise InputError(f"Building {b.id} has no community.")


def arithmetic_problem(code: str, total: int, b: Bounds) -> Problem | None:
    """A total no count of grids can hold within the bounds, and the nearest bounds that can."""
    if total <= 0:
        return None
    if total < b.min:
        return Problem(
            code,
            "too_small",
            f"Community {code} has {total} households, fewer than the minimum of {b.min}: "
            "it cannot hold even one grid.",
            f"Make it one grid of {total} households (minimum {total}), "
            "or join it to a neighbouring community's grid.",
            total,
            b.max,
            total,
            1,
        )
    k_lo, k_hi = math.ceil(total / b.max), total // b.min
    if k_lo <= k_hi:
        return None
    # Either fewer, larger grids (raise the maximum) or more, smaller ones (lower the minimum).
    fewer = k_hi
    raise_to = math.ceil(total / fewer)
    more = k_lo
    lower_to = total // more
    if raise_to - b.max <= b.min - lower_to:
        k = fewer
        proposal, pmin, pmax = (
            f"{fewer} grid(s) of about {total // fewer} households (maximum {raise_to})",
            b.min,
            raise_to,
        )
    else:
        k = more
        proposal, pmin, pmax = (
            f"{more} grids of about {total // more} households (minimum {lower_to})",
            lower_to,
            b.max,
        )
    return Problem(
        code,
        "no_count_fits",
        f"Community {code} has {total} households: {k_hi} grid(s) of at most {b.max} cannot "
        f"hold them and {k_lo} grids of at least {b.min} need more.",
        "Nearest: " + proposal + ".",
        pmin,
        pmax,
        total,
        k,
    )
