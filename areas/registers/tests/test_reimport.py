from __future__ import annotations

import pytest

from areas.models import Household, Resident
from areas.registers import exporter, specs
from areas.registers.actions import do_import_register
from areas.registers.workflow import JobStatus
from core.models import AuditEntry

from .helpers import HOUSEHOLD_HEADER, audit_count, csv_bytes, household_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def run(world, register, content, name="f.csv"):
    return do_import_register(
        register, filename=name, content=content, actor=world.users["community_staff"]
    )


def test_it_changes_nothing_when_the_same_file_is_imported_again(world):
    content = xlsx_bytes([HOUSEHOLD_HEADER, *household_rows(5)])
    first = run(world, "households", content, "h.xlsx")
    before = list(Household.objects.order_by("code").values())
    again = run(world, "households", content, "h.xlsx")
    assert (first.created_count, first.updated_count, first.unchanged_count) == (5, 0, 0)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 5)
    assert list(Household.objects.order_by("code").values()) == before
    assert audit_count("registers.import") == 2
    assert audit_count("registers.update_household") == 0


def test_it_updates_changed_rows_creates_new_ones_and_audits_each_change(world):
    run(world, "households", csv_bytes([HOUSEHOLD_HEADER, *household_rows(3)]))
    rows = household_rows(4)
    rows[0][6] = "东社区花园1幢新地址"
    job = run(world, "households", csv_bytes([HOUSEHOLD_HEADER, *rows]))
    assert (job.created_count, job.updated_count, job.unchanged_count) == (1, 1, 2)
    assert Household.objects.get(code="EC1B1H10").address == "东社区花园1幢新地址"
    entry = AuditEntry.objects.get(action="registers.update_household")
    assert entry.actor == world.users["community_staff"]
    assert entry.changes == {"address": ["东社区花园1幢310室", "东社区花园1幢新地址"]}
    summary = AuditEntry.objects.filter(action="registers.import").first()
    assert summary.changes["created"] == 1 and summary.changes["updated"] == 1


def test_it_leaves_fields_of_absent_columns_alone(world):
    household = world.east_households[0]
    job = run(
        world,
        "households",
        csv_bytes([["户编码", "楼栋编码", "地址"], [household.code, "EC1B1", "新地址"]]),
    )
    household.refresh_from_db()
    assert job.updated_count == 1
    assert (household.address, household.room, household.floor) == ("新地址", "101", 1)


def test_it_reimports_its_own_masked_export_unchanged(world):
    staff = world.users["community_staff"]
    spec = specs.get("residents")
    content = "".join(exporter.csv_lines(spec, exporter.rows_of(spec, staff))).encode()
    assert b"****" in content
    job = run(world, "residents", content)
    assert job.status == JobStatus.DONE, job.errors
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 2)
    assert Resident.objects.get(code="EC1B1H1P1").phone == "13912345001"


def test_it_refuses_a_masked_number_that_does_not_match(world):
    header = ["居民编码", "户编码", "姓名", "性别", "电话"]
    job = run(
        world,
        "residents",
        csv_bytes(
            [
                header,
                ["EC1B1H1P1", "EC1B1H1", "E居民1", "女", "138****0000"],
                ["NEW", "EC1B1H1", "新人", "男", "139****5001"],
            ]
        ),
    )
    errors = {(e["row"], e["column"]) for e in job.errors}
    assert errors == {(2, "phone"), (3, "phone")}


def test_it_roundtrips_every_register_through_xlsx(world):
    admin = world.users["admin"]
    for key in ("areas", "compounds", "buildings", "households", "residents"):
        spec = specs.get(key)
        content = exporter.xlsx_file(spec, exporter.rows_of(spec, admin)).read()
        job = do_import_register(key, filename=f"{key}.xlsx", content=content, actor=admin)
        assert job.status == JobStatus.DONE, (key, job.errors)
        assert job.created_count == job.updated_count == 0, key
        assert job.unchanged_count > 0
