"""On a 390 px phone: a grid worker opens their published scores from the home page, sees how
one item was computed and appeals against it; the subdistrict office decides the appeal from
its home page, and the worker reads the answer and the new version of the score."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard.assessment import actions
from dashboard.models import Appeal, AssessmentRow
from dashboard.tests.assessment_month import MONTH, WEIGHTS, build
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_worker_reads_a_score_appeals_and_the_office_decides(
    world: Any, page: Any, browser_login: Any
) -> None:
    # The live server runs on the real clock; March 2026 has begun on any day it runs.
    made = build(world)
    office = world.users["subdistrict_staff"]
    actions.do_save_scheme(world.subdistrict, weights=WEIGHTS, actor=world.users["admin"])
    a = actions.do_compute_assessment(world.subdistrict, month=MONTH, actor=office)
    actions.do_review_assessment(a, actor=office)
    actions.do_publish_assessment(a, actor=office)
    row = AssessmentRow.objects.get(assessment=a, user=made["w"])

    browser_login(page, made["w"].phone, PASSWORD)
    page.click("[data-line='dashboard.new_scores'] a")
    page.wait_for_url("**/dashboard/assessment/mine/?new=1")
    fits(page)
    page.click(f"li[data-row='{row.pk}'] a")
    page.wait_for_url(f"**/dashboard/assessment/rows/{row.pk}/")
    page.click("li[data-item='visits'] summary")
    shown = page.locator("li[data-item='visits']").inner_text()
    assert "2 户中已走访 1 户" in shown and "1 ÷ 2 = 0.5" in shown and "5.00" in shown
    fits(page)
    page.select_option("select[name=item]", "visits")
    page.fill("textarea[name=reason]", "另一户长期外出务工，已电话回访")
    with page.expect_navigation():
        page.click("form[action$='/appeal/'] button[type=submit]")
    appeal = Appeal.objects.get()
    assert appeal.status == "submitted"
    assert page.locator(f"li[data-appeal='{appeal.pk}'][data-status='submitted']").count() == 1
    fits(page)

    browser_login(page, office.phone, PASSWORD, fresh=True)
    page.click("[data-line='dashboard.appeals_to_decide'] a")
    page.wait_for_url("**/dashboard/assessment/appeals/")
    fits(page)
    page.click(f"li[data-appeal='{appeal.pk}'] a")
    page.wait_for_url(f"**/dashboard/assessment/rows/{row.pk}/")
    form = page.locator(f"form[action$='/appeals/{appeal.pk}/decide/']")
    form.locator("input[value=uphold]").check()
    form.locator("input[name=points]").fill("5")
    form.locator("textarea[name=note]").fill("核实属实，走访基数核减")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    appeal.refresh_from_db()
    assert appeal.status == "upheld" and appeal.new_row is not None
    assert page.locator("[data-score]").first.inner_text() == "86.00"
    fits(page)

    browser_login(page, made["w"].phone, PASSWORD, fresh=True)
    page.click("[data-line='dashboard.appeals_answered'] a")
    page.wait_for_url("**/dashboard/assessment/mine/?answered=1")
    assert page.locator(f"li[data-appeal='{appeal.pk}'][data-status='upheld']").count() == 1
    page.click(f"li[data-appeal='{appeal.pk}'] a")
    page.wait_for_url(f"**/dashboard/assessment/rows/{appeal.new_row.pk}/")
    assert page.locator("[data-score]").first.inner_text() == "86.00"
    fits(page)
