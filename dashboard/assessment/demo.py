"""Demo part of the assessment (run after the other apps' demos, `linli.demo.PARTS`): the
district's weights; last month's assessment of the demo subdistrict computed from the demo's
cases, visits and patrols, one row adjusted with a reason, reviewed and published; this
month's computed and waiting for review; and the demo grid worker's appeal against last
month's visit coverage, waiting for a decision. The months are derived from the load day in
Asia/Shanghai, so the demo has the same shape on any day."""

from __future__ import annotations

from typing import Any

from areas.models import Area
from core import timeutil
from dashboard.assessment import actions, compute
from dashboard.assessment.scoring import DEFAULT_WEIGHTS
from dashboard.models import AssessmentRow, Subject


def generate(ctx: Any) -> None:
    users = ctx.data.get("users", {})
    office, district_staff = users.get("subdistrict_staff"), users.get("district_staff")
    worker = users.get("grid_worker")
    if office is None or district_staff is None:
        return
    sub = Area.objects.filter(level="subdistrict").order_by("code").first()
    if sub is None or sub.parent is None:
        return
    actions.do_save_scheme(
        sub.parent,
        weights=DEFAULT_WEIGHTS,
        note="一线考核组督导、每月两调度：网格员月度考核",
        actor=district_staff,
    )
    this = compute.month_start(timeutil.today())
    last = compute.previous_month(this)
    published = actions.do_compute_assessment(sub, month=last, actor=office)
    top = (
        AssessmentRow.objects.filter(assessment=published, kind=Subject.WORKER)
        .exclude(user=worker)
        .order_by("grid__code", "user_id")
        .first()
    )
    if top is not None:
        actions.do_adjust_row(top, points=3, reason="汛期连续值守，街道考核组加分", actor=office)
    actions.do_review_assessment(published, actor=office)
    actions.do_publish_assessment(published, actor=office)
    actions.do_compute_assessment(sub, month=this, actor=office)
    mine = AssessmentRow.objects.filter(assessment=published, user=worker).first()
    if mine is not None:
        actions.do_submit_appeal(
            mine,
            item="visits",
            reason="网格内3户长期外出务工，已电话回访并登记，请核减走访基数。",
            actor=worker,
        )
    ctx.log("dashboard: assessment of last month published, this month's draft, one appeal")


def describe(ctx: Any) -> list[str]:
    return [
        "",
        "Assessment (考核): /dashboard/assessment/ — last month published, this month's draft "
        "waiting for review (街道干部 13800000002), an appeal of 专职网格员 waiting.",
    ]
