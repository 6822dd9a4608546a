"""What a higher app shows on a grid's page and answer, without areas importing it.

定岗网格: a grid names the party branches built on it. `party` owns them, so it sets the
one function that lists them, from `PartyConfig.ready`:

    panels.set_grid_branches(receivers.grid_branches)

Without it (party not installed) a grid simply lists no branch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from areas.models import Area, Household


@dataclass(frozen=True)
class GridBranch:
    """A party branch on a grid: `url` is its page, for those who may view it."""

    id: int
    name: str
    secretary: str | None
    url: str


_grid_branches: Callable[[Area], list[GridBranch]] | None = None


def set_grid_branches(lister: Callable[[Area], list[GridBranch]]) -> None:
    global _grid_branches
    _grid_branches = lister


def grid_branches(grid: Area) -> list[GridBranch]:
    """The branches on `grid`, from the app that registered them (none without it)."""
    return _grid_branches(grid) if _grid_branches is not None else []


# 党员服务示范岗, 先锋岗, 哨点: the party members posted on a grid, shown on its page and its
# map as a public service. `party` sets the lister from `PartyConfig.ready`:
#
#     panels.set_grid_posts(receivers.grid_posts)
#
# It answers the posts held today on the area's grids (the area's own, or those below it),
# never a member's phone.


@dataclass(frozen=True)
class GridPost:
    """A member's service post: `kind` its label, `point` (lon, lat) where the map shows it,
    None where it has no place on the map."""

    member: str
    kind: str
    kind_key: str
    duty: str
    place: str
    grid_code: str
    point: tuple[float, float] | None


_grid_posts: Callable[[Area], list[GridPost]] | None = None


def set_grid_posts(lister: Callable[[Area], list[GridPost]]) -> None:
    global _grid_posts
    _grid_posts = lister


def grid_posts(area: Area) -> list[GridPost]:
    """The posts held today on the grids of `area` (none without the app that keeps them)."""
    return _grid_posts(area) if _grid_posts is not None else []


@dataclass(frozen=True)
class Carer:
    """Someone who looks after a household (a member's household link, a care pairing of one
    of its residents, its grid's liaison): `fieldwork` sets the lister from its ready()."""

    role: str
    name: str
    since: object
    visited: bool  # visited it in the running period


_household_carers: Callable[[Household], list[Carer]] | None = None


def set_household_carers(lister: Callable[[Household], list[Carer]]) -> None:
    global _household_carers
    _household_carers = lister


def household_carers(household: Household) -> list[Carer]:
    """Who looks after `household`, from the app that registered them (none without it)."""
    return _household_carers(household) if _household_carers is not None else []
