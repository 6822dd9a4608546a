"""Party's reactions to areas: branches follow re-divided grids; a grid's page names its branch.

`move_branches` is connected in `PartyConfig.ready` to `core.signals.grids_succeeded`
(payload documented there); `grid_branches` is the hook `areas.panels` asks for the
branches on a grid (定岗网格), so `areas` never imports `party`.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from areas.models import Area
from areas.panels import GridBranch
from core import audit
from core.signals import Succession
from party.models import OrgLevel, PartyOrganisation


def move_branches(
    *,
    successors: dict[str, list[str]],
    grids: dict[str, Area],
    actor: Any,
    **_kwargs: Any,
) -> Succession:
    """Every branch on a retired grid moves to the successor grid that took most of its
    households, audited; flagged when it has none, or when its new grid already has one."""
    done = Succession(report={"branches_moved": [], "branches_flagged": []})
    branch_on: Counter[str] = Counter(
        PartyOrganisation.objects.filter(
            level=OrgLevel.BRANCH, area__code__in=[c for c in grids if c not in successors]
        ).values_list("area__code", flat=True)
    )
    for org in PartyOrganisation.objects.select_related("area").filter(
        level=OrgLevel.BRANCH, area__code__in=list(successors)
    ):
        old = org.area.code
        target = next(iter(successors[old]), None)
        if target is None:
            done.report["branches_flagged"].append([org.name, old, _("no successor grid")])
            continue
        audit.record(
            actor,
            "party.organisation.move",
            org,
            {"area": [old, target]},
            area_code=target,
        )
        PartyOrganisation.objects.filter(pk=org.pk).update(area=grids[target])
        branch_on[target] += 1
        done.report["branches_moved"].append([org.name, old, target])
        if branch_on[target] > 1:
            done.report["branches_flagged"].append(
                [org.name, target, _("another branch is already on this grid: merge them")]
            )
    return done


def grid_branches(grid: Area) -> list[GridBranch]:
    """The party branches built on `grid`, with their secretaries."""
    return [
        GridBranch(
            id=b.pk,
            name=b.name,
            secretary=b.secretary.name if b.secretary else None,
            url=reverse("party:organisation", args=[b.pk]),
        )
        for b in PartyOrganisation.objects.filter(area=grid, level=OrgLevel.BRANCH).select_related(
            "secretary"
        )
    ]
