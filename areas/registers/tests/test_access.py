from __future__ import annotations

import pytest

from areas.models import Area, Household
from areas.registers.actions import do_import_register
from areas.registers.engine import rendered
from areas.registers.models import ImportJob
from areas.registers.workflow import JobStatus
from core.models import AuditEntry

from .helpers import HOUSEHOLD_HEADER, csv_bytes, household_rows, read_csv, read_xlsx

pytestmark = pytest.mark.django_db


def upload(client, register, rows, name="h.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/registers/import/",
        {"register": register, "file": SimpleUploadedFile(name, csv_bytes(rows))},
    )


def test_it_refuses_rows_outside_the_importers_area(world):
    rows = household_rows(2)
    rows[1][1] = "WC1B1"  # a building of the west community
    job = do_import_register(
        "households",
        filename="h.csv",
        content=csv_bytes([HOUSEHOLD_HEADER, *rows]),
        actor=world.users["community_staff"],
    )
    assert job.status == JobStatus.REJECTED
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "building_code")]
    assert "330324001002001" in rendered(job.errors)[0]["message"]
    assert not Household.objects.filter(code="EC1B1H10").exists()


def test_it_refuses_a_new_area_under_a_parent_outside_the_importers_area(world):
    rows = [
        ["编码", "名称", "层级", "上级编码"],
        ["330324001002009", "西第9网格", "网格", "330324001002"],
    ]
    job = do_import_register(
        "areas", filename="a.csv", content=csv_bytes(rows), actor=world.users["community_staff"]
    )
    assert job.errors[0]["column"] == "parent_code"
    assert not Area.objects.filter(code="330324001002009").exists()


def test_it_lets_only_editors_import(world, login):
    for who in ("grid_worker", "resident", "outsider"):
        response = upload(
            login(world.users[who]), "households", [HOUSEHOLD_HEADER, *household_rows(1)]
        )
        assert response.status_code == 404, who
    assert not ImportJob.objects.exists()


def test_it_imports_through_the_page_and_shows_the_result(world, login):
    client = login(world.users["community_staff"])
    response = upload(client, "households", [HOUSEHOLD_HEADER, *household_rows(2)])
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/registers/jobs/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "已导入" in page and 'class="created">2<' in page
    assert client.get("/registers/").content.decode().count(f"/registers/jobs/{job.pk}/") == 1
    # Another user cannot open the job.
    assert (
        login(world.users["subdistrict_staff"]).get(f"/registers/jobs/{job.pk}/").status_code == 404
    )


def test_it_shows_bad_rows_on_the_page(world, login):
    rows = household_rows(2)
    rows[1][1] = "NOPE"
    client = login(world.users["community_staff"])
    response = upload(client, "households", [HOUSEHOLD_HEADER, *rows])
    page = client.get(response["Location"]).content.decode()
    assert "已拒绝" in page and "<td>3</td><td>楼栋编码</td>" in page and "NOPE" in page


def test_it_shows_a_clear_error_for_a_wrong_file(world, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(world.users["community_staff"])
    response = client.post(
        "/registers/import/",
        {"register": "households", "file": SimpleUploadedFile("h.xlsx", b"\x89PNG\r\n\x1a\n\x00")},
    )
    assert response.status_code == 400
    assert "既不是 XLSX 工作簿，也不是 CSV 文本文件" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_it_scopes_exports_to_the_users_area(world, login):
    east = read_csv(
        b"".join(
            login(world.users["grid_worker"])
            .get("/registers/households/export.csv")
            .streaming_content
        )
    )
    assert east[0][0] == "户编码"
    assert sorted(r[0] for r in east[1:]) == ["EC1B1H1", "EC1B1H2"]
    west = login(world.users["outsider"]).get("/registers/residents/export.xlsx")
    rows = read_xlsx(b"".join(west.streaming_content))
    assert [r[0] for r in rows[1:]] == ["WC1B1H1P1", "WC1B1H2P1"]
    everyone = read_csv(
        b"".join(
            login(world.users["admin"]).get("/registers/households/export.csv").streaming_content
        )
    )
    assert len(everyone) == 5
    assert AuditEntry.objects.filter(action="registers.export").count() == 3


def test_it_refuses_exports_to_residents(world, login):
    assert login(world.users["resident"]).get("/registers/households/export.csv").status_code == 404
    assert login(world.users["resident"]).get("/registers/").status_code == 404


def test_it_masks_phone_and_id_numbers_in_exports(world, login):
    client = login(world.users["community_staff"])
    rows = read_csv(b"".join(client.get("/registers/residents/export.csv").streaming_content))
    header, first = rows[0], rows[1]
    assert first[header.index("电话")] == "139****5001"
    assert first[header.index("身份证号")] == "330324********001X"
    assert first[header.index("标签")] == "独居老人"
    body = b"".join(client.get("/registers/residents/export.xlsx").streaming_content)
    cells = {str(v) for row in read_xlsx(body) for v in row}
    assert "13912345001" not in cells and "139****5001" in cells


def test_it_serves_templates_with_chinese_headers(world, login):
    client = login(world.users["community_staff"])
    rows = read_csv(client.get("/registers/residents/template.csv").content)
    assert rows == [
        ["居民编码", "户编码", "姓名", "性别", "出生日期", "电话", "身份证号", "标签", "户主"]
    ]
    book = read_xlsx(client.get("/registers/buildings/template.xlsx").content)
    assert book[0][:3] == ["楼栋编码", "名称", "社区编码"] and len(book) == 1
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get("/registers/residents/template.xlsx").content)
    )
    assert workbook.sheetnames == ["居民", "填写说明"]
    notes = [list(r) for r in workbook["填写说明"].iter_rows(values_only=True)]
    assert notes[0] == ["列", "字段", "必填", "格式"]
    assert ["电话", "phone", "否", "13812345678"] in notes
    assert client.get("/registers/nope/template.csv").status_code == 404


def test_it_renders_the_registers_page_in_chinese(world, login, django_assert_max_num_queries):
    client = login(world.users["community_staff"])
    with django_assert_max_num_queries(8):
        page = client.get("/registers/").content.decode()
    assert "台账" in page and "导入文件" in page and "住户" in page
    assert 'href="/registers/"' in page  # the nav item
    page = login(world.users["grid_worker"]).get("/registers/").content.decode()
    assert "导出" in page and "导入文件" not in page


def test_it_refuses_a_stored_code_of_another_area(world):
    """A file may not pull another community's household into one's own by its code."""
    rows = [["WC1B1H1", "EC1B1", "", 1, 1, "101", "东社区花园1幢101室"]]
    job = do_import_register(
        "households",
        filename="h.csv",
        content=csv_bytes([HOUSEHOLD_HEADER, *rows]),
        actor=world.users["community_staff"],
    )
    assert job.status == JobStatus.REJECTED
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "code")]
    assert Household.objects.get(code="WC1B1H1").building == world.west_building
