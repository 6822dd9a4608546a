"""The key spots register: imported and exported by code through areas.registers, within
the importer's area."""

from __future__ import annotations

from typing import Any

import pytest

from areas.registers import exporter, specs
from areas.registers.actions import do_import_register
from areas.registers.engine import rendered
from areas.registers.tests.helpers import csv_bytes
from fieldwork.models import KeySpot

pytestmark = pytest.mark.django_db
HEADER = ["部位编码", "名称", "网格编码", "类型", "经度", "纬度", "打卡半径（米）", "备注", "启用"]


def _run(user: Any, rows: list[list[Any]]) -> Any:
    return do_import_register(
        "key_spots", filename="spots.csv", content=csv_bytes([HEADER, *rows]), actor=user
    )


def test_it_imports_key_spots_and_exports_them_again(world: Any) -> None:
    staff = world.users["community_staff"]
    job = _run(
        staff,
        [
            [
                "KS1",
                "东花园配电房",
                world.east_grid.code,
                "配电房",
                "120.63",
                "28.012",
                "",
                "",
                "是",
            ],
            [
                "KS2",
                "东花园消防通道",
                world.east_grid.code,
                "消防通道",
                "120.631",
                "28.011",
                "50",
                "",
                "",
            ],
        ],
    )
    assert job.status == "done", rendered(job.errors)
    assert list(KeySpot.objects.values_list("code", "radius")) == [("KS1", 100), ("KS2", 50)]
    rows = list(exporter.rows_of(specs.get("key_spots"), world.users["grid_worker"]))
    assert [r[0] for r in rows] == ["KS1", "KS2"] and rows[0][-1] == "是"
    assert list(exporter.rows_of(specs.get("key_spots"), world.users["outsider"])) == []


def test_it_refuses_a_spot_outside_the_importers_area_and_stores_nothing(world: Any) -> None:
    job = _run(
        world.users["community_staff"],
        [
            ["KS1", "东花园配电房", world.east_grid.code, "", "120.63", "28.012", "", "", ""],
            ["KS9", "西花园配电房", world.west_grid.code, "", "120.61", "28.012", "", "", ""],
            ["KS8", "无网格", world.east.code, "", "120.61", "28.012", "", "", ""],
        ],
    )
    assert job.status == "rejected"
    found = {(e["row"], e["column"]) for e in rendered(job.errors)}
    assert found == {(3, "grid_code"), (4, "grid_code")}
    assert not KeySpot.objects.exists()
