"""The venue and room registers: imported by code, all rows or none, by those who manage
venues on the area; exported in the same shape, so an export reimports unchanged."""

from __future__ import annotations

import pytest

from activities import hours
from activities.models import Room, Venue
from areas.registers.actions import do_import_register
from areas.registers.engine import rendered
from areas.registers.tests.helpers import csv_bytes, read_csv
from areas.registers.workflow import JobStatus

pytestmark = pytest.mark.django_db

VENUE_HEADER = [
    "阵地编码",
    "阵地名称",
    "阵地类型",
    "区域编码",
    "地址",
    "经度",
    "纬度",
    "开放时间",
    "设施",
    "管理党组织编码",
    "管理共建单位编码",
]
ROOM_HEADER = ["场地编码", "阵地编码", "场地名称", "容纳人数"]
EAST, EAST_GRID, WEST = "330324001001", "330324001001001", "330324001002"


def run(v, register, rows, who="community_staff"):
    return do_import_register(
        register, filename="f.csv", content=csv_bytes(rows), actor=v.user(who)
    )


def errors(job):
    return {(e["row"], e["column"]): e["message"] for e in rendered(job.errors)}


def venue_rows():
    return [
        [
            "VE2",
            "东一网格红帆驿站",
            "驿站",
            EAST_GRID,
            "东路8号",
            120.621,
            28.011,
            "一至五 08:30-17:30；六 09:00-12:00",
            "茶水、充电、药箱",
            "E1",
            "",
        ],
        [
            "VE3",
            "东花园党建客厅",
            "党建客厅",
            EAST,
            "",
            120.622,
            28.012,
            "每天 09:00-21:00",
            "",
            "",
            "U2",
        ],
    ]


def test_it_imports_venues_and_rooms_and_reimports_them_unchanged(v):
    from party.models import PartnerUnit

    PartnerUnit.objects.create(code="U2", name="东花园物业", area=v.world.east)
    job = run(v, "venues", [VENUE_HEADER, *venue_rows()])
    assert job.status == JobStatus.DONE, rendered(job.errors)
    station = Venue.objects.get(code="VE2")
    assert station.kind == "station" and station.organisation.code == "E1"
    assert station.hours()[5] is not None and station.hours()[6] is None
    assert station.facilities == ["茶水", "充电", "药箱"]
    living = Venue.objects.get(code="VE3")
    assert living.partner_unit.code == "U2" and living.shared
    rooms = [ROOM_HEADER, ["VE2R1", "VE2", "休息区", 12], ["VE3R1", "VE3", "客厅", 25]]
    assert run(v, "venue_rooms", rooms).status == JobStatus.DONE
    assert Room.objects.get(code="VE3R1").capacity == 25
    again = run(v, "venues", [VENUE_HEADER, *venue_rows()])
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)


def test_it_reports_every_bad_venue_row_and_imports_nothing(v):
    rows = [
        ["X1", "无类型", "宫殿", EAST, "", 120.6, 28.0, "每天 09:00-21:00", "", "E1", ""],
        ["X2", "时间错", "驿站", EAST, "", 120.6, 28.0, "周一 9点", "", "E1", ""],
        ["X3", "两个管理方", "驿站", EAST, "", 120.6, 28.0, "每天 09:00-21:00", "", "E1", "U1"],
        ["X4", "西边", "驿站", WEST, "", 120.6, 28.0, "每天 09:00-21:00", "", "E1", ""],
        ["X5", "街道上", "驿站", "330324001", "", 120.6, 28.0, "每天 09:00-21:00", "", "E1", ""],
        ["X6", "关门早", "驿站", EAST, "", 120.6, 28.0, "一至五 18:00-09:00", "", "E1", ""],
    ]
    job = run(v, "venues", [VENUE_HEADER, *rows])
    assert job.status == JobStatus.REJECTED
    found = errors(job)
    assert set(found) == {
        (2, "kind"),
        (3, "opening_hours"),
        (4, "organisation_code"),
        (5, "area_code"),
        (6, "area_code"),
        (7, "opening_hours"),
    }, found
    assert Venue.objects.count() == 2


def test_a_resident_may_not_import_venues(v):
    from core.refusal import Forbidden

    with pytest.raises(Forbidden):
        run(v, "venues", [VENUE_HEADER, *venue_rows()[:1]], who="resident")
    assert not Venue.objects.filter(code="VE2").exists()


def test_it_exports_venues_that_reimport_unchanged(v, login):
    response = login(v.user("community_staff")).get("/registers/venues/export.csv")
    rows = read_csv(b"".join(response.streaming_content))
    assert rows[1][:4] == ["VE1", "东社区党群服务中心", "党群服务中心", EAST]
    assert rows[1][7] == "一至六 08:30-21:00"
    job = run(v, "venues", rows[:2])
    assert (job.status, job.unchanged_count) == (JobStatus.DONE, 1), rendered(job.errors)


@pytest.mark.parametrize(
    ("written", "week"),
    [
        (
            "一至五 08:30-17:30；六 09:00-12:00",
            [["08:30", "17:30"]] * 5 + [["09:00", "12:00"], None],
        ),
        ("1-7 8:00-20:00", [["08:00", "20:00"]] * 7),
        ("周六、周日 09:00-11:00", [None] * 5 + [["09:00", "11:00"]] * 2),
    ],
)
def test_it_reads_and_writes_opening_hours(written, week):
    assert hours.parse(written) == week
    assert hours.parse(hours.text(week)) == week
