from __future__ import annotations

import pytest

from areas.models import Area, Household, Resident
from areas.registers.actions import do_import_register
from areas.registers.engine import rendered
from areas.registers.models import ImportJob
from areas.registers.reader import FileError
from areas.registers.workflow import JobStatus

from .helpers import HOUSEHOLD_HEADER, csv_bytes, household_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def run(world, register, rows, *, name="f.csv", who="community_staff"):
    content = xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows)
    return do_import_register(register, filename=name, content=content, actor=world.users[who])


def messages(job):
    return {(e["row"], e["column"]): e["message"] for e in rendered(job.errors)}


def test_it_imports_households_from_csv_and_xlsx(world):
    job = run(world, "households", [HOUSEHOLD_HEADER, *household_rows(3)])
    assert job.status == JobStatus.DONE and job.created_count == 3
    job = run(world, "households", [HOUSEHOLD_HEADER, *household_rows(2, start=20)], name="h.xlsx")
    assert job.status == JobStatus.DONE and job.created_count == 2
    household = Household.objects.get(code="EC1B1H20")
    assert household.grid == world.east_grid and household.floor == 3


def test_it_reports_each_bad_row_with_its_number_and_imports_nothing(world):
    rows = household_rows(4)
    rows[1][1] = "NOPE"  # row 3: unknown building
    rows[2][4] = "three"  # row 4: not a number
    rows[3][6] = ""  # row 5: missing address
    job = run(world, "households", [HOUSEHOLD_HEADER, *rows])
    assert job.status == JobStatus.REJECTED
    errors = messages(job)
    assert set(errors) == {(3, "building_code"), (4, "floor"), (5, "address")}
    assert "NOPE" in errors[(3, "building_code")]
    assert job.error_count == 3
    assert not Household.objects.filter(code__in=[r[0] for r in rows]).exists()


def test_it_reports_duplicate_codes_within_the_file(world):
    rows = household_rows(2)
    rows.append(list(rows[0]))
    job = run(world, "households", [HOUSEHOLD_HEADER, *rows])
    assert job.status == JobStatus.REJECTED
    assert "row 2" in messages(job)[(4, "code")] or "第 2 行" in messages(job)[(4, "code")]


def test_it_refuses_a_grid_of_another_community(world):
    rows = household_rows(1)
    rows[0][2] = world.west_grid.code
    job = run(world, "households", [HOUSEHOLD_HEADER, *rows], who="subdistrict_staff")
    assert (2, "grid_code") in messages(job)


def test_it_imports_areas_with_parents_in_the_same_file(world):
    rows = [
        ["编码", "名称", "层级", "上级编码", "类型"],
        ["330324001003001", "新第1网格", "网格", "330324001003", "居住"],
        ["330324001003", "新社区", "社区", "", ""],
    ]
    job = run(world, "areas", rows, who="subdistrict_staff")
    assert job.status == JobStatus.DONE, job.errors
    grid = Area.objects.get(code="330324001003001")
    assert grid.parent.name == "新社区" and grid.kind == "residential"
    assert job.created_count == 2


def test_it_reports_unknown_parents_and_wrong_levels(world):
    rows = [
        ["code", "name", "level", "parent_code"],
        ["330324009001", "无主社区", "community", ""],
        ["330324001001002", "层级错", "community", ""],
        ["330324001001003", "错位", "grid", "330324001002"],
        ["330324001001004", "好网格", "grid", "330324001001"],
    ]
    job = run(world, "areas", rows, who="subdistrict_staff")
    errors = messages(job)
    assert "330324009" in errors[(2, "parent_code")]
    assert (3, "code") in errors or (3, "level") in errors
    assert (4, "parent_code") in errors
    assert not any(row == 5 for row, _ in errors)
    assert not Area.objects.filter(code="330324001001004").exists()


def test_it_checks_phone_and_id_numbers(world):
    header = ["居民编码", "户编码", "姓名", "性别", "出生日期", "电话", "身份证号"]
    rows = [
        header,
        ["R1", "EC1B1H1", "张三", "男", "1960-05-01", "12345", ""],
        ["R2", "EC1B1H1", "李四", "女", "", "", "330324196005011234"],
        ["R3", "EC1B1H1", "王五", "未知", "", "", ""],
        ["R4", "EC1B1H1", "赵六", "男", "1960-05-01", "13812345678", "11010519491231002X"],
    ]
    job = run(world, "residents", rows)
    errors = messages(job)
    assert set(errors) == {(2, "phone"), (3, "id_number"), (4, "gender"), (5, "birth_date")}
    assert not Resident.objects.filter(code__in=["R1", "R2", "R3", "R4"]).exists()


def test_it_imports_residents_with_tags(world):
    header = ["居民编码", "户编码", "姓名", "性别", "出生日期", "电话", "身份证号", "标签", "户主"]
    rows = [
        header,
        [
            "R9",
            "EC1B1H2",
            "赵六",
            "男",
            "1949-12-31",
            "138 1234 5678",
            "11010519491231002x",
            "独居老人、veteran",
            "是",
        ],
    ]
    job = run(world, "residents", rows)
    assert job.status == JobStatus.DONE, job.errors
    r = Resident.objects.get(code="R9")
    assert (r.phone, r.id_number, r.tags, r.is_head) == (
        "13812345678",
        "11010519491231002X",
        ["elderly_alone", "veteran"],
        True,
    )


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("h.csv", b"", "empty"),
        ("h.csv", "户编码,楼栋编码,地址\n".encode(), "no rows"),
        ("h.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "neither"),
        ("h.pdf", b"%PDF-1.4 hello", ".pdf"),
        ("h.xlsx", "户编码,楼栋编码,地址\nA,B,C\n".encode(), "content is CSV"),
        ("h.csv", "户编码,地址\nA,B\n".encode(), "Missing columns: 楼栋编码"),
        ("h.csv", "户编码,楼栋编码,地址,颜色\nA,B,C,D\n".encode(), "颜色"),
    ],
)
def test_it_rejects_bad_files_as_a_whole_and_stores_nothing(world, name, content, words):
    from django.utils import translation

    with translation.override("en"):
        with pytest.raises(FileError) as caught:
            do_import_register(
                "households", filename=name, content=content, actor=world.users["community_staff"]
            )
        # The message renders in the language of whoever reads it (here: English).
        assert words in str(caught.value)
    assert not ImportJob.objects.exists()


def test_it_reads_gbk_csv_from_chinese_excel(world):
    content = csv_bytes([HOUSEHOLD_HEADER, *household_rows(1)], encoding="gb18030")
    job = do_import_register(
        "households", filename="h.csv", content=content, actor=world.users["community_staff"]
    )
    assert job.status == JobStatus.DONE and job.created_count == 1


def test_it_reads_typed_excel_cells_numbers_as_codes_and_real_dates(world):
    import datetime as dt

    areas = [
        ["code", "name", "level", "parent_code"],
        [330324001003, "新社区", "community", 330324001],
    ]
    job = run(world, "areas", areas, name="a.xlsx", who="subdistrict_staff")
    assert job.status == JobStatus.DONE, job.errors
    assert Area.objects.get(code="330324001003").parent == world.subdistrict
    residents = [
        ["居民编码", "户编码", "姓名", "性别", "出生日期", "电话"],
        ["R7", "EC1B1H1", "钱七", "女", dt.datetime(1955, 3, 4), 13912340000],
    ]
    job = run(world, "residents", residents, name="r.xlsx")
    assert job.status == JobStatus.DONE, job.errors
    resident = Resident.objects.get(code="R7")
    assert (resident.birth_date, resident.phone) == (dt.date(1955, 3, 4), "13912340000")


def test_it_refuses_a_cell_with_text_that_cannot_be_stored(world):
    # Past the first 64 KiB, where the file's type is decided, a NUL reaches the cells.
    rows = household_rows(1500)
    rows[-1][6] = "东社区\x00花园"
    content = csv_bytes([HOUSEHOLD_HEADER, *rows])
    assert content.index(b"\x00") > 65536
    job = do_import_register(
        "households", filename="f.csv", content=content, actor=world.users["community_staff"]
    )
    assert job.status == JobStatus.REJECTED
    assert set(messages(job)) == {(1501, "address")}
    assert not Household.objects.filter(code=rows[0][0]).exists()
