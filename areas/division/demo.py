"""Demo part of grid division: a draft plan re-dividing the subdistrict's old grids."""

from __future__ import annotations

from typing import Any

from accounts.roles import Role
from areas.division.actions import do_draft_plan
from areas.division.conf import bounds_for
from areas.division.models import DivisionPlan, PlanMode


def generate(ctx: Any) -> None:
    subdistrict = ctx.data.get("subdistrict")
    if subdistrict is None:
        return
    actor = ctx.data.get("users", {}).get(str(Role.SUBDISTRICT_STAFF))
    plan = do_draft_plan(subdistrict, bounds=bounds_for(), mode=PlanMode.REDIVIDE, actor=actor)
    story = plan.result["story"]
    ctx.log(
        f"division: draft plan #{plan.pk}, {plan.old_grid_count} grids "
        f"({story['over_today']} over the bounds, {story['under_today']} under) → "
        f"{plan.grid_count}, {plan.moved_share:.0%} of households move (at least "
        f"{story['floor_households'] / max(plan.total_households, 1):.0%} must), "
        f"{story['whole']} of {story['compounds']} compounds stay whole"
    )


def describe(ctx: Any) -> list[str]:
    plan = DivisionPlan.objects.order_by("pk").first()
    if plan is None:
        return []
    return [
        "",
        f"grid division: draft plan /division/plans/{plan.pk}/ re-divides {plan.area.name}'s "
        f"{plan.old_grid_count} grids into {plan.grid_count} (review as community staff, "
        "approve and apply as subdistrict staff)",
    ]
