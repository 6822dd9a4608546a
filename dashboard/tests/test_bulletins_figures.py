"""A bulletin's figures are the indicators' figures; editing keeps them, publishing freezes
them, a correction is a new version."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from cases.indicators.compute import compute
from cases.indicators.selectors import bounds
from cases.models import Case
from core.models import AuditEntry
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from core.timeutil import SHANGHAI
from dashboard.bulletins import actions, figures, selectors
from dashboard.bulletins.models import Bulletin, BulletinStatus
from dashboard.tests.bulletin_world import APRIL, MARCH, bw  # noqa: F401

pytestmark = pytest.mark.django_db


def _draft(bw: Any, area: Any = None, month: dt.date = MARCH) -> Bulletin:  # noqa: F811
    with time_machine.travel(APRIL, tick=False):
        return actions.do_draft_bulletin(
            area or bw.world.east, month=month, actor=bw.users["community_staff"]
        )


def test_it_generates_the_figures_the_indicators_give(bw) -> None:  # noqa: F811
    b = _draft(bw)
    report = compute(bw.world.east, *bounds(MARCH, dt.date(2026, 3, 31)))
    assert b.figures["total"] == report.total.as_dict()
    assert b.figures["rows"] == [r.as_dict() for r in report.rows]
    total = b.figures["total"]
    assert (total["due"], total["closed"], total["on_time"]) == (10, 9, 7)
    # Overdue: the indicators' due cases less those closed on time.
    assert b.figures["overdue"]["count"] == total["due"] - total["on_time"] == 3
    assert sum(u["count"] for u in b.figures["overdue"]["units"]) == 3
    assert b.figures["trend"][-1]["month"] == "2026-03"
    assert b.figures["trend"][-1]["reported"] == total["reported"]
    assert [m["month"] for m in b.figures["trend"]][0] == "2025-10"
    assert b.figures["grids"]["top"][0]["code"] == bw.world.east_grid.code
    assert "10" in b.body and "70.0%" in b.body  # the wording quotes the figures


def test_it_ranks_the_grids_of_a_subdistricts_communities(bw) -> None:  # noqa: F811
    with time_machine.travel(APRIL, tick=False):
        b = actions.do_draft_bulletin(
            bw.world.subdistrict, month=MARCH, actor=bw.users["subdistrict_staff"]
        )
    ranked = b.figures["grids"]
    # West: 1 due, closed on time (100 %); east: 70 %.
    assert [g["code"] for g in ranked["top"]] == [bw.world.west_grid.code, bw.world.east_grid.code]
    assert ranked["ranked"] == 2 and ranked["bottom"] == []
    report = compute(bw.world.subdistrict, *bounds(MARCH, dt.date(2026, 3, 31)))
    assert b.figures["total"] == report.total.as_dict()


def test_it_names_the_unit_holding_each_overdue_case(bw) -> None:  # noqa: F811
    Case.objects.filter(pk=bw.late.pk).update(level=3)  # at the district: its department
    b = _draft(bw)
    units = {u["unit"]: u["count"] for u in b.figures["overdue"]["units"]}
    assert units["环卫所"] == 1
    assert sum(units.values()) == 3


def test_editing_the_wording_keeps_the_figures(bw) -> None:  # noqa: F811
    b = _draft(bw)
    before = b.figures
    Case.objects.filter(pk=bw.late.pk).update(status="closed", closed_at=b.generated_at)
    edited = actions.do_edit_bulletin(
        b, body=b.body.replace("请", "务请") + "\n新增一句。", actor=bw.users["community_staff"]
    )
    edited.refresh_from_db()
    assert edited.figures == before and edited.body.endswith("新增一句。")
    assert AuditEntry.objects.filter(action="dashboard.bulletin.edit").count() == 1


def test_publishing_freezes_the_bulletin(bw) -> None:  # noqa: F811
    staff = bw.users["community_staff"]
    b = _draft(bw)
    with time_machine.travel(APRIL, tick=False):
        actions.do_publish_bulletin(b, actor=staff)
    b.refresh_from_db()
    assert b.status == BulletinStatus.PUBLISHED and b.published_by == staff
    frozen = b.figures
    Case.objects.filter(area_code__startswith=bw.world.east.code).delete()
    b.refresh_from_db()
    assert b.figures == frozen
    with pytest.raises(Conflict):
        actions.do_edit_bulletin(b, title="改过", actor=staff)
    with pytest.raises(Conflict):
        actions.do_refresh_bulletin(b, actor=staff)
    with pytest.raises(Conflict):
        actions.do_publish_bulletin(b, actor=staff)
    with pytest.raises(Conflict):
        _draft(bw)  # the month is published: correct it instead


def test_a_correction_is_a_new_version_that_supersedes_the_old(bw) -> None:  # noqa: F811
    staff = bw.users["community_staff"]
    b = _draft(bw)
    actions.do_publish_bulletin(b, actor=staff)
    with time_machine.travel(APRIL, tick=False):
        fix = actions.do_correct_bulletin(b, actor=staff)
    assert (fix.version, fix.corrects_id, fix.status) == (2, b.pk, BulletinStatus.DRAFT)
    with pytest.raises(Conflict):
        actions.do_correct_bulletin(b, actor=staff)  # one correction at a time
    b.refresh_from_db()
    assert b.status == BulletinStatus.PUBLISHED  # until the correction is published
    actions.do_publish_bulletin(fix, actor=staff)
    b.refresh_from_db()
    assert b.status == BulletinStatus.SUPERSEDED
    steps = AuditEntry.objects.filter(action__startswith="dashboard.").order_by("pk")
    assert list(steps.values_list("action", flat=True)) == [
        "dashboard.bulletin.draft",
        "dashboard.bulletin.publish",
        "dashboard.bulletin.correct",
        "dashboard.bulletin.supersede",
        "dashboard.bulletin.publish",
    ]


def test_it_refuses_a_second_draft_and_a_month_ahead(bw) -> None:  # noqa: F811
    _draft(bw)
    with pytest.raises(Conflict):
        _draft(bw)
    with pytest.raises(Invalid):
        _draft(bw, month=dt.date(2026, 5, 1))
    assert Bulletin.objects.count() == 1


def test_it_refuses_those_who_are_not_the_areas_office(bw) -> None:  # noqa: F811
    w = bw.world
    with time_machine.travel(APRIL, tick=False):
        with pytest.raises(NotFound):
            actions.do_draft_bulletin(w.west, month=MARCH, actor=w.users["community_staff"])
        with pytest.raises(Forbidden):
            actions.do_draft_bulletin(w.east, month=MARCH, actor=w.users["grid_worker"])
        with pytest.raises(NotFound):
            actions.do_draft_bulletin(w.east, month=MARCH, actor=w.users["resident"])
        with pytest.raises(Invalid):
            actions.do_draft_bulletin(w.east_grid, month=MARCH, actor=w.users["admin"])
    assert not Bulletin.objects.exists()


NEW_YEARS_EVE = dt.datetime(2026, 12, 31, 23, 50, tzinfo=SHANGHAI)  # 15:50 UTC


def test_the_month_follows_shanghai_at_2350_on_new_years_eve(world) -> None:
    from cases.indicators.tests.fixtures import _case
    from cases.models import Category
    from cases.seed import seed_categories

    seed_categories(Category)
    staff = world.users["community_staff"]
    late_night = dt.datetime(2026, 12, 31, 23, 30, tzinfo=SHANGHAI)  # still December locally
    _case(world.east_grid, reported_at=late_night)
    with time_machine.travel(NEW_YEARS_EVE, tick=False):
        assert selectors.due_month() == dt.date(2026, 11, 1)
        december = actions.do_draft_bulletin(world.east, month=dt.date(2026, 12, 1), actor=staff)
        with pytest.raises(Invalid):
            actions.do_draft_bulletin(world.east, month=dt.date(2027, 1, 1), actor=staff)
        assert [d.area for d in selectors.due(staff)] == [world.east]
    assert december.figures["month"] == "2026-12"
    assert december.figures["total"]["reported"] == 1
    assert figures.month_end(dt.date(2026, 12, 1)) == dt.date(2026, 12, 31)
