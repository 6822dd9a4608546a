"""Plain data in and out of the division engine (no Django)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.refusal import Invalid


@dataclass(frozen=True)
class BuildingIn:
    id: str
    lon: float
    lat: float
    households: int
    community: str
    compound: str | None = None


@dataclass(frozen=True)
class Bounds:
    min: int = 300
    max: int = 500

    @property
    def target(self) -> float:
        return (self.min + self.max) / 2

    def holds(self, households: int) -> bool:
        return self.min <= households <= self.max


class InputError(Invalid, ValueError):
    """Input the engine refuses; the message says what and where (an action's 400)."""


# Flags on a grid: why it is allowed to be out of bounds, or what else a planner should know.
OVERSIZED = "oversized_building"  # one building above the upper bound, a grid of its own
BELOW_MIN = "below_min"
ABOVE_MAX = "above_max"
COMPOUND_SPLIT = "compound_split"  # holds part of a compound that fits one grid
DETACHED = "detached_polygon"  # its merged cells are not one polygon


@dataclass
class Grid:
    code: str
    community: str
    buildings: list[str]
    households: int
    flags: list[str] = field(default_factory=list)
    boundary: dict[str, Any] | None = None  # GeoJSON in lon/lat
    compactness: float | None = None  # Polsby–Popper, 0..1
    previous: str | None = None  # re-division: the old grid this one continues
    centroid: tuple[float, float] | None = None


@dataclass
class Problem:
    """Why a community could not be divided within the bounds, and the nearest answer."""

    community: str
    reason: str
    message: str
    proposal: str
    proposed_min: int | None = None
    proposed_max: int | None = None
    households: int = 0
    grids: int = 0  # in the nearest answer


@dataclass
class Division:
    grids: list[Grid]
    problems: list[Problem] = field(default_factory=list)
    moved_households: int = 0
    total_households: int = 0

    @property
    def assignment(self) -> dict[str, str]:
        return {b: g.code for g in self.grids for b in g.buildings}

    @property
    def moved_share(self) -> float:
        return self.moved_households / self.total_households if self.total_households else 0.0

    def in_bounds_share(self, bounds: Bounds) -> float:
        if not self.grids:
            return 1.0
        return sum(1 for g in self.grids if bounds.holds(g.households)) / len(self.grids)


@dataclass
class CommunityJob:
    """One community's share of a division: the unit the solver works on, in a worker process
    when large."""

    code: str
    buildings: list[BuildingIn]
    boundary: dict[str, Any] | None
    bounds: Bounds
    # Re-division: the current grid of each building (by building id) and codes in use.
    current: dict[str, str] = field(default_factory=dict)
    reserved: set[str] = field(default_factory=set)
    first_number: int = 1
    digits: int = 3  # of a grid's own code segment
    keep: bool = True  # re-division keeps today's good grids; False redraws from scratch
