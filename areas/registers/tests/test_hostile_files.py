"""Hostile uploads get a clear 400 through the API and the page, and write nothing: a sheet
whose cells span the whole grid (read densely it needs 512 GiB), a zip bomb, files that are
not what their name says, a field longer than the CSV reader takes, too many rows."""

from __future__ import annotations

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from areas.models import Household, Resident
from areas.registers import exporter, specs
from areas.registers.models import ImportJob
from core.models import AuditEntry

from .helpers import (
    HOUSEHOLD_HEADER,
    csv_bytes,
    household_rows,
    wide_xlsx,
    xlsx_bytes,
    zip_bomb_xlsx,
)

pytestmark = pytest.mark.django_db

LONG = "长" * 131_073  # one character past the csv module's default field limit


def _residents_header() -> list[str]:
    return exporter.headers(specs.get("residents"))


HOSTILE = {
    "wide sheet": ("residents", "r.xlsx", lambda: wide_xlsx(_residents_header()), "太大"),
    "zip bomb": (
        "households",
        "h.xlsx",
        lambda: zip_bomb_xlsx([HOUSEHOLD_HEADER, *household_rows(2)]),
        "解压后",
    ),
    "not a zip, named .xlsx": ("households", "h.xlsx", lambda: b"PK\x03\x04" + os.urandom(64), ""),
    "text named .xlsx": ("households", "h.xlsx", lambda: b"a,b\n1,2\n", ""),
    "empty": ("households", "h.csv", lambda: b"", "空"),
    "binary garbage as CSV": ("households", "h.csv", lambda: os.urandom(4096), ""),
    "long field in the first row": (
        "households",
        "h.csv",
        lambda: csv_bytes([HOUSEHOLD_HEADER, ["EC1B1H10", "EC1B1", "", 1, 3, "301", LONG]]),
        "131072",
    ),
    "long field in the header": ("households", "h.csv", lambda: csv_bytes([[LONG]]), "131072"),
    "a million CSV rows": (
        "households",
        "h.csv",
        lambda: ",".join(HOUSEHOLD_HEADER).encode() + b"\n" + b"x\n" * 1_000_000,
        "行",
    ),
}


def _written() -> tuple[int, int, int, int]:
    return (
        ImportJob.objects.count(),
        Household.objects.count(),
        Resident.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize("case", list(HOSTILE))
@pytest.mark.parametrize("via", ["api", "page"])
def test_it_refuses_a_hostile_file_clearly_and_writes_nothing(world, login, case, via):
    register, name, build, words = HOSTILE[case]
    client = login(world.users["community_staff"])
    before = _written()
    upload = SimpleUploadedFile(name, build())
    if via == "api":
        response = client.post(f"/api/v1/registers/{register}/import", {"file": upload})
        assert response.status_code == 400, response.content[:300]
        body = response.json()
        assert body["field"] == "file" and words in body["detail"]
    else:
        response = client.post("/registers/import/", {"register": register, "file": upload})
        assert response.status_code == 400
        assert words in response.content.decode()
    assert _written() == before


def test_it_refuses_a_sheet_of_more_rows_than_an_import_takes(world, login, settings):
    settings.LINLI_IMPORT_MAX_ROWS = 50
    client = login(world.users["community_staff"])
    for content, name in (
        (xlsx_bytes([HOUSEHOLD_HEADER, *household_rows(51)]), "h.xlsx"),
        (csv_bytes([HOUSEHOLD_HEADER, *household_rows(51)]), "h.csv"),
    ):
        response = client.post(
            "/api/v1/registers/households/import", {"file": SimpleUploadedFile(name, content)}
        )
        assert response.status_code == 400
        assert response.json()["detail"] == "文件约有 51 行，一次最多导入 50 行：请分成几个文件。"
    assert not ImportJob.objects.exists()
    ok = xlsx_bytes([HOUSEHOLD_HEADER, *household_rows(50)])
    response = client.post(
        "/api/v1/registers/households/import", {"file": SimpleUploadedFile("h.xlsx", ok)}
    )
    assert response.status_code == 200 and response.json()["created"] == 50


def test_it_rejects_a_background_job_whose_later_row_has_a_field_too_long(
    world, settings, django_capture_on_commit_callbacks
):
    """A later row is read by the worker: the job is rejected with the row named, not failed."""
    from areas.registers.actions import do_import_register
    from areas.registers.workflow import JobStatus

    settings.LINLI_IMPORT_BACKGROUND_ROWS = 5
    rows = household_rows(10)
    rows[6][6] = LONG
    with django_capture_on_commit_callbacks(execute=True):
        job = do_import_register(
            "households",
            filename="h.csv",
            content=csv_bytes([HOUSEHOLD_HEADER, *rows]),
            actor=world.users["community_staff"],
        )
    job.refresh_from_db()
    assert job.status == JobStatus.REJECTED
    assert job.message_text == "第 8 行有一个字段超过 131072 个字符，无法读取。"
    assert not Household.objects.filter(code="EC1B1H10").exists()
