"""Helpers of the star-rating tests: the default criteria, the east grid branch's secretary
(a member of the branch with an account), and an assessment taken to a step."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from party.stars import actions
from party.stars.models import Assessment, seed_default_criteria
from party.tests.life import branch_secretary


def setup(p: Any) -> Any:
    """The default criteria and the east branch's secretary: its member M2, posted on the
    east grid. Returns the secretary's account."""
    seed_default_criteria()
    if p.east_branch.secretary_id == p.retired.pk:
        return p.retired.user
    user = branch_secretary(p)
    p.retired.user = user
    p.retired.save(update_fields=["user"])
    p.east_branch.secretary = p.retired
    p.east_branch.save(update_fields=["secretary"])
    return user


def hand_scores(a: Assessment, score: str = "8", evidence: str = "材料见附件") -> dict[int, Any]:
    return {i.pk: (Decimal(score), evidence) for i in a.items.all() if not i.automatic}


def to_step(p: Any, step: str, *, year: int = 2026) -> Assessment:
    """The east branch's assessment of `year`, taken to `step` (draft, submitted, reviewed,
    published) by its secretary and the east community's party secretary."""
    secretary = setup(p)
    a = actions.do_open_assessment(p.east_branch, year=year, actor=secretary)
    if step == "draft":
        return a
    actions.do_self_assess(a, scores=hand_scores(a), actor=secretary)
    a = actions.do_submit_assessment(a, actor=secretary)
    if step == "submitted":
        return a
    a = actions.do_review_assessment(a, scores={}, note="同意", actor=p.secretary)
    if step == "reviewed":
        return a
    return actions.do_publish_assessment(a, actor=p.secretary)
