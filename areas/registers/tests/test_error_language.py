"""Row errors are stored as msgids and params and read in the reader's language, whoever
imported and in whatever language; jobs stored before with text errors still show them."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from areas.models import Household
from areas.registers.actions import do_import_register, do_run_import
from areas.registers.engine import rendered
from areas.registers.models import ImportJob
from areas.registers.workflow import JobStatus
from tests.i18n import visible_text

from .helpers import HOUSEHOLD_HEADER, csv_bytes, household_rows

pytestmark = pytest.mark.django_db

RESIDENT_HEADER = ["居民编码", "户编码", "姓名", "性别", "出生日期", "电话", "身份证号", "标签"]
ENGLISH = ["Unknown building code NOPE.", "Not a whole number.", "Must be between -10 and 200."]
CHINESE = ["未知的楼栋编码 NOPE。", "不是整数。", "须在 -10 到 200 之间。"]


def _bad_rows():
    rows = household_rows(3)
    rows[0][1] = "NOPE"  # building
    rows[1][3] = "abc"  # entrance
    rows[2][4] = 999  # floor
    return [HOUSEHOLD_HEADER, *rows]


def _in(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _upload(client):
    file = SimpleUploadedFile("h.csv", csv_bytes(_bad_rows()))
    client.post("/registers/import/", {"register": "households", "file": file})
    return ImportJob.objects.get()


def test_it_shows_errors_made_in_english_in_chinese(world, login):
    client = _in(login(world.users["community_staff"]), "en")
    before = Household.objects.count()
    job = _upload(client)
    assert job.status == JobStatus.REJECTED and job.error_count == 3
    assert Household.objects.count() == before
    english = visible_text(client.get(reverse("registers:job", args=[job.pk])))
    assert all(message in english for message in ENGLISH)
    api = client.get(f"/api/v1/registers/jobs/{job.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert [e["message"] for e in api["errors"]] == ENGLISH

    _in(client, "zh-hans")
    chinese = visible_text(client.get(reverse("registers:job", args=[job.pk])))
    assert all(message in chinese for message in CHINESE)
    assert "Unknown" not in chinese and "whole" not in chinese
    progress = visible_text(client.get(reverse("registers:job_progress", args=[job.pk])))
    assert CHINESE[0] in progress
    api = client.get(f"/api/v1/registers/jobs/{job.pk}", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert [e["message"] for e in api["errors"]] == CHINESE
    assert [(e["row"], e["column"]) for e in api["errors"]] == [
        (2, "building_code"),
        (3, "entrance"),
        (4, "floor"),
    ]


def test_it_shows_errors_made_in_chinese_in_english_to_another_reader(world, login, client):
    staff = _in(login(world.users["community_staff"]), "zh-hans")
    response = staff.post(
        "/api/v1/registers/households/import",
        {"file": SimpleUploadedFile("h.csv", csv_bytes(_bad_rows()))},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert [e["message"] for e in response.json()["errors"]] == CHINESE
    job = ImportJob.objects.get()

    admin = _in(login(world.users["admin"]), "en")
    page = visible_text(admin.get(reverse("registers:job", args=[job.pk])))
    assert all(message in page for message in ENGLISH)
    assert "未知" not in page
    api = admin.get(f"/api/v1/registers/jobs/{job.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert [e["message"] for e in api["errors"]] == ENGLISH


def test_it_still_shows_errors_stored_as_text(world, login):
    staff = world.users["community_staff"]
    job = ImportJob.objects.create(
        register="households",
        actor=staff,
        filename="old.csv",
        status=JobStatus.REJECTED,
        error_count=1,
        errors=[{"row": 5, "column": "building_code", "message": "未知的楼栋编码 OLD1。"}],
    )
    client = _in(login(staff), "en")
    page = visible_text(client.get(reverse("registers:job", args=[job.pk])))
    assert "未知的楼栋编码 OLD1。" in page
    api = client.get(f"/api/v1/registers/jobs/{job.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert api["errors"] == [
        {"row": 5, "column": "building_code", "message": "未知的楼栋编码 OLD1。"}
    ]


def test_it_keeps_every_cell_and_reference_error_as_a_translated_msgid(world):
    rows = [
        RESIDENT_HEADER,
        ["R1", "NOPE", "甲", "男", "", "", "", ""],
        ["R2", "EC1B1H1", "乙", "X", "19600501", "123", "12345", "独居老人、外星人"],
        ["R3", "EC1B1H1", "", "女", "not a date", "", "330324196005010011", ""],
        ["R3", "EC1B1H1", "丁" * 60, "女", "", "138****0000", "", ""],
    ]
    job = do_import_register(
        "residents", filename="r.csv", content=csv_bytes(rows), actor=world.users["admin"]
    )
    assert job.status == JobStatus.REJECTED and len(job.errors) >= 8
    for error in job.errors:
        assert "params" in error and not error.get("plain"), error
        assert isinstance(error["params"], dict)
    with translation.override("zh-hans"):
        chinese = [e["message"] for e in rendered(job.errors)]
    with translation.override("en"):
        english = [e["message"] for e in rendered(job.errors)]
    for zh, en in zip(chinese, english, strict=True):
        assert zh != en, en
    options = next(m for m in chinese if "外星人" in m)
    assert "独居老人" in options and "Living alone" not in options


def test_the_jobs_own_message_is_read_in_the_readers_language(world, login):
    """The job's message ("3 rows have errors …") is kept as a msgid too, not only the rows'."""
    client = _in(login(world.users["community_staff"]), "en")
    job = _upload(client)
    assert job.message_data["params"] == {"n": 3}
    english = client.get(f"/api/v1/registers/jobs/{job.pk}").json()["message"]
    assert english == "3 rows have errors; nothing was imported."
    _in(client, "zh-hans")
    assert client.get(f"/api/v1/registers/jobs/{job.pk}").json()["message"] == (
        "3 行有错误，未导入任何数据。"
    )
    # A job stored before keeps its text.
    ImportJob.objects.filter(pk=job.pk).update(message="旧的说明", message_data={})
    assert client.get(f"/api/v1/registers/jobs/{job.pk}").json()["message"] == "旧的说明"


def _job_message(client, job, language):
    _in(client, language)
    page = visible_text(client.get(reverse("registers:job", args=[job.pk])))
    return page, client.get(f"/api/v1/registers/jobs/{job.pk}").json()["message"]


def _pending(staff, filename, content):
    """A background job whose file is read by the worker (do_run_import)."""
    return ImportJob.objects.create(
        register="households",
        actor=staff,
        filename=filename,
        content=content,
        background=True,
        status=JobStatus.PENDING,
    )


def test_a_file_level_refusal_is_read_in_the_readers_language(world, login):
    """A refusal of the whole file by the worker (here its type, with the extension as a
    param) is kept as a msgid and params, not in the language the job ran in."""
    staff = world.users["community_staff"]
    job = _pending(staff, "h.pdf", csv_bytes(_bad_rows()))
    with translation.override("en"):
        do_run_import(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.REJECTED and not job.errors
    assert job.message_data == {
        "message": "Upload an .xlsx or .csv file, not .%(ext)s.",
        "params": {"ext": "pdf"},
    }
    assert job.message == "Upload an .xlsx or .csv file, not .pdf."  # the text as written
    client = login(staff)
    page, api = _job_message(client, job, "zh-hans")
    assert api == "请上传 .xlsx 或 .csv 文件，而不是 .pdf。" and api in page
    page, api = _job_message(client, job, "en")
    assert api == "Upload an .xlsx or .csv file, not .pdf." and api in page
    assert "请上传" not in page


def test_a_failed_write_is_read_in_the_readers_language(world, login, monkeypatch):
    from areas.registers import engine

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(engine, "write", broken)
    staff = world.users["community_staff"]
    before = Household.objects.count()
    job = _pending(staff, "h.csv", csv_bytes([HOUSEHOLD_HEADER, *household_rows(2)]))
    with translation.override("zh-hans"):
        do_run_import(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and Household.objects.count() == before
    assert job.message_data == {"message": "Saving failed; nothing was imported.", "params": {}}
    client = login(staff)
    page, api = _job_message(client, job, "en")
    assert api == "Saving failed; nothing was imported." and api in page
    page, api = _job_message(client, job, "zh-hans")
    assert api == "保存失败，未导入任何数据。" and api in page


def test_a_job_message_stored_as_text_still_shows(world, login):
    staff = world.users["community_staff"]
    job = ImportJob.objects.create(
        register="households",
        actor=staff,
        filename="old.xls",
        status=JobStatus.REJECTED,
        message="不支持旧版 Excel（.xls）文件：请另存为 .xlsx。",
    )
    client = login(staff)
    for language in ("en", "zh-hans"):
        page, api = _job_message(client, job, language)
        assert api == "不支持旧版 Excel（.xls）文件：请另存为 .xlsx。" and api in page
