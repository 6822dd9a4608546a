"""定岗网格 for a resident: the workers posted on the resident's own grid, as the resident sees
them — name, duty, the work phone published on purpose and a photo. A worker's login phone
(`User.phone`) is private and never leaves here; nothing else about the worker does either.

The grid is the resident's household's grid; where that is a micro-grid, the workers posted
on the grid above it are listed too (nearest first, grid heads first)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accounts.models import RoleAssignment
from accounts.roles import GRID_WORKERS, Role
from areas.models import Area, grid_levels
from core import media


@dataclass(frozen=True)
class GridWorkerCard:
    name: str
    duty: str
    role: str
    grid: str
    work_phone: str
    photo_url: str


@dataclass(frozen=True)
class MyGrid:
    grid: Area | None
    community: Area | None
    workers: list[GridWorkerCard] = field(default_factory=list)


def my_grid(user: Any) -> MyGrid:
    """The resident's grid, its community and its posted workers' cards; empty for a user
    with no resident record."""
    resident = getattr(user, "resident", None)
    if resident is None:
        return MyGrid(None, None)
    grid = resident.household.grid
    chain = [*grid.ancestors(), grid]
    levels = set(grid_levels())
    grids = [a for a in chain if a.level in levels]
    community = next((a for a in reversed(chain) if a.level == "community"), None)
    depth = {a.pk: -len(a.code) for a in grids}  # the nearest grid first
    labels = dict(Role.choices)
    order = {Role.GRID_HEAD: 0, Role.GRID_WORKER: 1}
    rows = sorted(
        RoleAssignment.objects.filter(
            area__in=grids, role__in=GRID_WORKERS, user__is_active=True
        ).select_related("user", "area"),
        key=lambda a: (depth[a.area_id], order.get(a.role, 9), a.user.name),  # type: ignore[call-overload]
    )
    return MyGrid(
        grid,
        community,
        [
            GridWorkerCard(
                name=a.user.name,
                duty=a.duty or str(labels.get(a.role, a.role)),
                role=a.role,
                grid=a.area.name,
                work_phone=a.user.work_phone,
                photo_url=media.url(a.user.photo),
            )
            for a in rows
        ],
    )
