"""The computation on a hand-made month: each item's figure, normalisation and weighting."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import time_machine

from dashboard.assessment import actions, scoring
from dashboard.assessment.compute import gather
from dashboard.models import AssessmentRow, Subject
from dashboard.tests.assessment_month import MONTH, WEIGHTS, at, build


@pytest.fixture
def month(world: Any) -> dict[str, Any]:
    made = build(world)
    actions.do_save_scheme(world.subdistrict, weights=WEIGHTS, actor=world.users["admin"])
    return made


def _items(row: AssessmentRow) -> dict[str, dict[str, Any]]:
    return {i["key"]: i for i in row.items}


def _compute(world: Any) -> Any:
    with time_machine.travel(at(4, 2), tick=False):
        return actions.do_compute_assessment(
            world.subdistrict, month=MONTH, actor=world.users["subdistrict_staff"]
        )


def test_it_gathers_each_workers_figures(world: Any, month: Any) -> None:
    found = gather(world.subdistrict, MONTH)
    w = next(s for s in found.workers if s.user_id == month["w"].pk)
    f = w.figures
    assert f["handled"]["raw"] == 4
    assert f["reported"]["raw"] == 3
    assert (f["on_time"]["part"], f["on_time"]["whole"]) == (3, 4)
    assert (f["rework"]["part"], f["rework"]["whole"]) == (1, 4)
    assert (f["rating"]["part"], f["rating"]["whole"]) == (12, 4)
    assert f["complaints"]["raw"] == 1
    assert (f["visits"]["part"], f["visits"]["whole"]) == (1, 2)
    assert f["patrols"]["raw"] == 2


def test_it_normalises_and_weighs_each_item(world: Any, month: Any) -> None:
    a = _compute(world)
    row = AssessmentRow.objects.get(assessment=a, user=month["w"])
    items = _items(row)
    expected = {
        "handled": ("1.0000", "20.00"),
        "reported": ("1.0000", "10.00"),
        "on_time": ("0.7500", "15.00"),
        "rework": ("0.7500", "7.50"),
        "rating": ("0.6000", "6.00"),
        "visits": ("0.5000", "5.00"),
        "patrols": ("1.0000", "10.00"),
        "complaints": ("0.7500", "7.50"),
    }
    assert {k: (v["normalised"], v["points"]) for k, v in items.items()} == expected
    assert row.computed == Decimal("81.00") == row.score
    other = AssessmentRow.objects.get(assessment=a, user=month["o"])
    o = _items(other)
    assert o["handled"]["normalised"] == "0.5000" and o["handled"]["best"] == 4
    assert o["reported"]["points"] == "3.33"
    assert o["on_time"]["normalised"] == "1.0000"  # both closed, no deadline
    assert o["visits"]["points"] == "0.00"
    assert other.score == Decimal("68.33")
    assert a.scheme.weights == WEIGHTS


def test_it_scores_the_grids_from_the_indicators(world: Any, month: Any) -> None:
    a = _compute(world)
    east = AssessmentRow.objects.get(assessment=a, kind=Subject.GRID, grid=world.east_grid)
    items = _items(east)
    assert items["handled"]["raw"] == 4
    assert items["reported"]["raw"] == 7  # the 4 handled and W's 3 reports in March
    assert (items["rework"]["part"], items["rework"]["whole"]) == (1, 4)
    assert (items["complaints"]["raw"], items["patrols"]["raw"]) == (1, 2)
    assert (items["visits"]["part"], items["visits"]["whole"]) == (1, 2)


def test_it_gives_full_share_where_there_is_no_figure() -> None:
    empty = {"raw": None, "part": 0, "whole": 0}
    assert scoring.share("on_time", empty, 0) == 1
    assert scoring.share("rating", empty, 0) == 1
    assert scoring.share("handled", {"raw": 0}, 0) == 0
    assert scoring.share("complaints", {"raw": 5}, 0) == 0


def test_it_ranks_ties_together() -> None:
    ranks = scoring.ranks({"a": Decimal(90), "b": Decimal(85), "c": Decimal(90), "d": Decimal(70)})
    assert ranks == {"a": 1, "c": 1, "b": 3, "d": 4}


def test_it_computes_with_a_fixed_number_of_queries(
    world: Any, month: Any, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(30):
        gather(world.subdistrict, MONTH)
