"""The assessment's pages in Chinese, with no English word left."""

from __future__ import annotations

from typing import Any

import time_machine

from dashboard.assessment import actions
from dashboard.models import AssessmentRow
from dashboard.tests.assessment_month import MONTH, WEIGHTS, at, build
from tests.i18n import english_words, visible_text


def test_it_shows_the_assessment_pages_in_chinese(world: Any, login: Any) -> None:
    made = build(world)
    office = world.users["subdistrict_staff"]
    actions.do_save_scheme(world.subdistrict, weights=WEIGHTS, actor=world.users["admin"])
    with time_machine.travel(at(4, 2), tick=False):
        a = actions.do_compute_assessment(world.subdistrict, month=MONTH, actor=office)
    row = AssessmentRow.objects.get(assessment=a, user=made["w"])
    actions.do_adjust_row(row, points=2, reason="加分", actor=office)
    client = login(office)
    pages = {
        "index": "/dashboard/assessment/",
        "assessment": f"/dashboard/assessment/{a.pk}/",
        "grids": f"/dashboard/assessment/{a.pk}/?kind=grid",
        "row": f"/dashboard/assessment/rows/{row.pk}/",
        "scheme": "/dashboard/assessment/scheme/",
        "appeals": "/dashboard/assessment/appeals/",
    }
    for name, url in pages.items():
        text = visible_text(client.get(url))
        assert english_words(text) == set(), name
    assert "确认审核" in visible_text(client.get(pages["assessment"]))
    actions.do_review_assessment(a, actor=office)
    actions.do_publish_assessment(a, actor=office)
    actions.do_submit_appeal(row, item="visits", reason="外出", actor=made["w"])
    for url in (pages["row"], "/dashboard/assessment/appeals/"):
        assert english_words(visible_text(client.get(url))) == set(), url
    worker = login(made["w"])
    for url in ("/dashboard/assessment/mine/", pages["row"]):
        text = visible_text(worker.get(url))
        assert english_words(text) == set(), url
    assert "每项得分的计算方法" in visible_text(worker.get(pages["row"]))
