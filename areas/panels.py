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
    from areas.models import Area


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
