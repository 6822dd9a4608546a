"""The 两新 register through areas.registers: XLSX and CSV, every bad row reported and
nothing written, a repeated import changes nothing, the export masks nothing it need not."""

from __future__ import annotations

import pytest

from areas.registers import specs
from areas.registers.engine import rendered
from areas.registers.exporter import rows_of
from areas.registers.workflow import JobStatus
from party.neworgs.models import NewOrganisation
from party.tests.test_registers import EAST, EAST_GRID, run

pytestmark = pytest.mark.django_db
HEADER = [
    "code",
    "name",
    "kind",
    "employees",
    "address",
    "area_code",
    "coverage",
    "party_organisation_code",
]


def rows():
    return [
        ["N1", "瓯北阀门厂", "企业", "120", "东路1号", EAST_GRID, "单独建", "E1B1"],
        ["N2", "东街便利店", "个体工商户", "4", "", EAST, "联合建", "E1"],
        ["N3", "东书画协会", "社会组织", "8", "", EAST, "未覆盖", ""],
    ]


@pytest.mark.parametrize("name", ["n.csv", "n.xlsx"])
def test_it_imports_the_register_and_reimports_it_unchanged(p, name):
    job = run(p, "new_organisations", [HEADER, *rows()], name=name, who="community_staff")
    assert job.status == JobStatus.DONE, rendered(job.errors)
    assert job.created_count == 3
    factory = NewOrganisation.objects.get(code="N1")
    assert (factory.coverage, factory.party_organisation, factory.employees) == (
        "own",
        p.east_branch,
        120,
    )
    again = run(p, "new_organisations", [HEADER, *rows()], name=name, who="community_staff")
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 3)


def test_it_reports_every_bad_row_and_imports_nothing(p):
    bad = [
        ["N4", "甲", "企业", "10", "", EAST, "联合建", ""],  # 2 covered by nobody
        ["N5", "乙", "企业", "10", "", EAST, "未覆盖", "E1"],  # 3 not covered yet named
        ["N6", "丙", "工厂", "10", "", EAST, "", ""],  # 4 unknown kind
        ["N7", "丁", "企业", "10", "", "330324001002", "", ""],  # 5 the west: not mine
        ["N8", "戊", "企业", "10", "", EAST, "联合建", "W1B1"],  # 6 works elsewhere
    ]
    job = run(p, "new_organisations", [HEADER, *bad], who="community_staff")
    assert job.status == JobStatus.REJECTED
    found = {(e["row"], e["column"]) for e in rendered(job.errors)}
    assert {
        (2, "party_organisation_code"),
        (3, "party_organisation_code"),
        (4, "kind"),
        (5, "area_code"),
        (6, "party_organisation_code"),
    } <= found
    assert not NewOrganisation.objects.exists()


def test_it_exports_what_the_user_sees(p):
    run(p, "new_organisations", [HEADER, *rows()], who="community_staff")
    spec = specs.get("new_organisations")
    exported = list(rows_of(spec, p.user("community_staff")))
    assert exported[0] == ["N1", "瓯北阀门厂", "企业", 120, "东路1号", EAST_GRID, "单独建", "E1B1"]
    assert [r[0] for r in exported] == ["N1", "N2", "N3"]
    assert list(rows_of(spec, p.user("outsider"))) == []
