"""Reads: the plans that wait for a user's step, and the home page's line counting them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import ngettext

from areas.division import permissions
from areas.division.models import DivisionPlan
from areas.division.workflow import PlanStatus
from core.home import Line


def waiting_for(user: Any) -> list[DivisionPlan]:
    """Visible plans that wait for the user: a draft with a community the user reviews and
    that has not reviewed it yet, or a reviewed plan the user may approve."""
    plans = permissions.visible_plans(user).filter(
        status__in=[PlanStatus.DRAFT, PlanStatus.REVIEWED]
    )
    found = []
    for plan in plans.select_related("created_by").prefetch_related("reviews__community"):
        if plan.status == PlanStatus.REVIEWED:
            if permissions.may_approve(user, plan):
                found.append(plan)
            continue
        reviewed = {r.community.code for r in plan.reviews.all()}
        if any(
            permissions.may_review_code(user, code)
            for code in plan.communities()
            if code not in reviewed
        ):
            found.append(plan)
    return found


def home_lines(user: Any) -> list[Line]:
    if not permissions.may_divide(user):
        return []
    n = len(waiting_for(user))
    return [
        Line(
            "division.waiting",
            ngettext(
                "%(n)d grid division plan to review or approve",
                "%(n)d grid division plans to review or approve",
                n,
            )
            % {"n": n},
            n,
            reverse("division:index") + "?waiting=1",
            "people",
        )
    ]
