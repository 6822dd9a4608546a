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
