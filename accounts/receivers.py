"""Accounts' reaction to a grid division: postings on retired grids follow their successor.

Connected in `AccountsConfig.ready` to `core.signals.grids_succeeded` (payload documented
there); accounts never imports `areas`: the grids come in the payload.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils.translation import gettext as _

from accounts.models import RoleAssignment, User
from accounts.roles import GRID_WORKERS, Role
from core import audit
from core.signals import Succession


def _home_grid(user: User) -> str | None:
    """The grid of the household a resident's account is linked to."""
    return (
        User.objects.filter(pk=user.pk)
        .values_list("resident__household__grid__code", flat=True)
        .first()
    )


def move_postings(
    *,
    successors: dict[str, list[str]],
    grids: dict[str, Any],
    actor: Any,
    **_kwargs: Any,
) -> Succession:
    """Every role held on a retired grid moves to the successor grid that took most of its
    households (a resident's to the grid of their household); a role the account already
    holds there is merged. Each move is audited. Flags a posting with nowhere to go, a grid
    of the plan without a full-time grid worker, and a grid with several."""
    done = Succession(
        report={"workers_moved": [], "workers_flagged": [], "grids_without_worker": []}
    )
    assignments = RoleAssignment.objects.select_related("user", "area").filter(
        area__code__in=list(successors)
    )
    for ra in assignments:
        old = ra.area.code
        target = next(iter(successors[old]), None)
        if ra.role == Role.RESIDENT and ra.user.resident_id:
            target = _home_grid(ra.user) or target
        if target is None:
            done.report["workers_flagged"].append(
                [ra.user.name, ra.role, old, _("its grid has no households left")]
            )
            continue
        _move(ra, grids[target], actor)
        if ra.role in GRID_WORKERS:
            done.report["workers_moved"].append([ra.user.name, ra.role, old, target])
            done.notify.append(ra.user)
    full_time = Counter(
        RoleAssignment.objects.filter(
            area__code__in=list(grids), role=Role.GRID_WORKER
        ).values_list("area__code", flat=True)
    )
    for code in grids:
        if not full_time[code]:
            done.report["grids_without_worker"].append(code)
        elif full_time[code] > 1:
            done.report["workers_flagged"].append(
                [
                    "",
                    Role.GRID_WORKER,
                    code,
                    _("%(n)d full-time workers now share this grid") % {"n": full_time[code]},
                ]
            )
    return done


def _move(ra: RoleAssignment, grid: Any, actor: Any) -> None:
    old = ra.area
    audit.record(
        actor,
        "accounts.role.move",
        ra,
        {"area": [old.code, grid.code]},
        object_repr=f"{ra.user} · {ra.get_role_display()} · {grid.name}",
        area_code=grid.code,
    )
    if RoleAssignment.objects.filter(user=ra.user, role=ra.role, area=grid).exists():
        RoleAssignment.objects.filter(pk=ra.pk).delete()  # already held there: merged
    else:
        RoleAssignment.objects.filter(pk=ra.pk).update(area=grid)
