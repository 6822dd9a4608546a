"""The party registers: organisations, members, partner units and agreements imported and
exported through areas.registers, all rows or none, idempotent by code, under party access."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import ApiToken
from areas.registers.actions import do_import_register
from areas.registers.engine import rendered
from areas.registers.tests.helpers import csv_bytes, read_csv, read_xlsx, xlsx_bytes
from areas.registers.workflow import JobStatus
from party.models import PartnershipAgreement, PartnerUnit, PartyMember, PartyOrganisation

pytestmark = pytest.mark.django_db

ORG_HEADER = [
    "党组织编码",
    "名称",
    "组织层级",
    "上级党组织编码",
    "支部类型",
    "区域编码",
    "书记党员编码",
]
MEMBER_HEADER = [
    "党员编码",
    "姓名",
    "党组织编码",
    "电话",
    "在职或退休",
    "工作单位",
    "报到社区编码",
    "报到日期",
    "入党日期",
    "交叉任职",
]
UNIT_HEADER = ["单位编码", "单位名称", "区域编码", "联系人", "电话"]
AGREEMENT_HEADER = ["协议编号", "单位编码", "党组织编码", "开始日期", "结束日期", "共建承诺"]
EAST, EAST_GRID = "330324001001", "330324001001001"


def run(p, register, rows, *, name="f.csv", who="secretary"):
    content = xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows)
    return do_import_register(register, filename=name, content=content, actor=p.user(who))


def errors(job):
    return {(e["row"], e["column"]): e["message"] for e in rendered(job.errors)}


def org_rows():
    # children before parents: the import orders them by level
    return [
        ["E1B2G1", "东第2支部第1小组", "党小组", "E1B2", "", EAST_GRID],
        ["E1B2", "东第2支部", "党支部", "E1", "小区型", EAST],
        ["E1B2G1H1", "张家中心户", "党员中心户", "E1B2G1", "", EAST_GRID],
        ["E1B3", "东两新支部", "党支部", "E1", "两新", EAST],
    ]


@pytest.mark.parametrize("name", ["o.csv", "o.xlsx"])
def test_it_imports_a_tree_of_organisations_and_reimports_it_unchanged(p, name):
    job = run(p, "party_organisations", [ORG_HEADER, *org_rows()], name=name)
    assert job.status == JobStatus.DONE, job.errors
    assert job.created_count == 4
    hub = PartyOrganisation.objects.get(code="E1B2G1H1")
    assert hub.level == "hub_household" and hub.parent.parent.code == "E1B2"
    assert hub.parent.parent.parent == p.east
    assert PartyOrganisation.objects.get(code="E1B3").kind == "new_organisation"
    again = run(p, "party_organisations", [ORG_HEADER, *org_rows()], name=name)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 4)


def test_it_updates_an_organisation_by_code_and_audits_it(p):
    job = run(
        p,
        "party_organisations",
        [ORG_HEADER, ["E1B1", "东网格党支部", "党支部", "E1", "网格型", EAST_GRID, "M1"]],
    )
    assert (job.status, job.updated_count) == (JobStatus.DONE, 1), job.errors
    p.east_branch.refresh_from_db()
    assert p.east_branch.name == "东网格党支部"
    assert p.east_branch.secretary == p.member and p.east_branch.members.count() == 2
    # the secretary of another organisation is refused
    job = run(
        p,
        "party_organisations",
        [ORG_HEADER, ["E1", "东社区大党委", "大党委", "G1", "", EAST, "M1"]],
        who="subdistrict_staff",
    )
    assert (2, "secretary_code") in errors(job)
    # a member who moves away leaves the secretaryship
    row = ["M1", "东在职党员", "E1B1G1", "", "在职", "县医院", EAST, "2026-03-01", "2000-07-01"]
    job = run(p, "party_members", [MEMBER_HEADER, row])
    assert job.status == JobStatus.DONE, job.errors
    p.east_branch.refresh_from_db()
    assert p.east_branch.secretary is None


def test_it_reports_every_bad_organisation_row_and_imports_nothing(p):
    rows = [
        ["E1B4", "无区域", "党支部", "E1", "网格型", "330324001001009"],  # 2 unknown area
        ["E1B5", "无上级", "党支部", "E9", "网格型", EAST_GRID],  # 3 unknown parent
        ["E1G9", "越级小组", "党小组", "E1", "", EAST_GRID],  # 4 a group under a committee
        ["E1B6", "无类型", "党支部", "E1", "", EAST_GRID],  # 5 a branch needs a kind
        ["E1B7", "网格支部", "党支部", "E1", "网格型", EAST],  # 6 grid branch not on a grid
        ["E1B8", "错类型", "党支部", "E1", "俱乐部", EAST_GRID],  # 7 unknown kind
        ["E1B9", "出界", "党支部", "E1", "网格型", "330324001002001"],  # 8 outside the parent
        ["E1B6", "重复", "党支部", "E1", "网格型", EAST_GRID],  # 9 duplicate code
        ["W1B2", "西支部", "党支部", "W1", "网格型", "330324001002001"],  # 10 outside my area
        ["E1B1", "改层级", "党小组", "E1B1", "", EAST_GRID],  # 11 own parent / level change
        ["G2", "新党工委", "党工委", "", "", "330324001"],  # 12 not mine to set up
        ["E1X", "", "社团", "", "", EAST],  # 13 no name, unknown level
    ]
    job = run(p, "party_organisations", [ORG_HEADER, *rows])
    assert job.status == JobStatus.REJECTED
    found = errors(job)
    assert "330324001001009" in found[(2, "area_code")]
    assert "E9" in found[(3, "parent_code")]
    assert (4, "parent_code") in found
    assert (5, "kind") in found
    assert (6, "area_code") in found
    assert (7, "kind") in found
    assert (8, "area_code") in found
    assert (9, "code") in found
    assert (10, "area_code") in found or (10, "code") in found
    assert any(row == 11 for row, _ in found)
    assert (12, "area_code") in found
    assert (13, "name") in found and (13, "level") in found
    assert job.error_count == 12
    assert PartyOrganisation.objects.count() == 6


def test_it_keeps_stored_organisations_below_within_a_moved_one(p):
    from areas.models import Area

    Area.objects.create(code="330324001001002", name="东第2网格", level="grid", parent=p.world.east)
    rows = [["E1B1", "东第1网格党支部", "党支部", "E1", "网格型", "330324001001002"]]
    job = run(p, "party_organisations", [ORG_HEADER, *rows])
    assert "E1B1G1" in errors(job)[(2, "area_code")]
    assert PartyOrganisation.objects.get(code="E1B1").area == p.world.east_grid


def member_rows():
    return [
        [
            "M10",
            "在职甲",
            "E1B1",
            "13855550001",
            "在职",
            "县财政局",
            EAST,
            "2026-04-01",
            "2010-07-01",
        ],
        ["M11", "退休乙", "E1B1G1", "13855550002", "退休", "", "", "", "1980/7/1"],
    ]


@pytest.mark.parametrize("name", ["m.csv", "m.xlsx"])
def test_it_imports_members_in_service_and_retired_and_reimports_unchanged(p, name):
    job = run(p, "party_members", [MEMBER_HEADER, *member_rows()], name=name)
    assert job.status == JobStatus.DONE, job.errors
    serving = PartyMember.objects.get(code="M10")
    assert serving.in_service and serving.workplace == "县财政局"
    assert serving.home_community == p.world.east and str(serving.registered_on) == "2026-04-01"
    retired = PartyMember.objects.get(code="M11")
    assert not retired.in_service and retired.organisation == p.east_group
    assert str(retired.joined_on) == "1980-07-01"
    again = run(p, "party_members", [MEMBER_HEADER, *member_rows()], name=name)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)


def test_it_reports_bad_member_rows_with_reasons(p):
    rows = [
        ["M20", "甲", "E9", "", "退休", "", "", "", ""],  # 2 unknown organisation
        ["M21", "乙", "W1B1", "", "退休", "", "", "", ""],  # 3 organisation outside my area
        ["M22", "丙", "E1B1", "", "退休", "", EAST, "2026-01-01", ""],  # 4 retired registers
        ["M23", "丁", "E1B1", "", "在职", "", EAST, "2026-13-01", ""],  # 5 bad date
        ["M24", "戊", "E1B1", "", "在职", "", EAST_GRID, "2026-01-01", ""],  # 6 not a community
        ["M25", "己", "E1B1", "", "兼职", "", "", "", ""],  # 7 neither in service nor retired
        ["M26", "庚", "E1B1", "12345", "退休", "", "", "", ""],  # 8 bad phone
        ["M27", "辛", "E1B1", "", "在职", "", EAST, "1999-01-01", "2000-01-01"],  # 9 before joining
        [
            "M28",
            "壬",
            "E1B1",
            "",
            "在职",
            "",
            "330324001002",
            "2026-01-01",
            "",
        ],  # 10 not my community
        ["M3", "西党员", "E1B1", "", "退休", "", "", "", ""],  # 11 a west member's code
    ]
    job = run(p, "party_members", [MEMBER_HEADER, *rows])
    assert job.status == JobStatus.REJECTED
    found = errors(job)
    assert set(found) == {
        (2, "organisation_code"),
        (3, "organisation_code"),
        (4, "home_community_code"),
        (5, "registered_on"),
        (6, "home_community_code"),
        (7, "in_service"),
        (8, "phone"),
        (9, "registered_on"),
        (10, "home_community_code"),
        (11, "code"),
    }, found
    assert "E9" in found[(2, "organisation_code")]
    assert not PartyMember.objects.filter(code__in=[r[0] for r in rows[:-1]]).exists()
    assert PartyMember.objects.get(code="M3").organisation == p.west_branch


def test_it_exports_members_with_masked_phones_that_reimport_unchanged(p, login):
    client = login(p.secretary)
    response = client.get("/registers/party_members/export.csv")
    assert response.status_code == 200
    rows = read_csv(b"".join(response.streaming_content))
    assert rows[0] == MEMBER_HEADER
    assert [r[0] for r in rows[1:]] == ["M1", "M2"]  # not the west member
    assert rows[1][3] == "138****2222" and rows[1][4] == "在职" and rows[2][4] == "退休"
    job = run(p, "party_members", rows)
    assert (job.status, job.unchanged_count) == (JobStatus.DONE, 2), job.errors
    assert PartyMember.objects.get(code="M1").phone == "13811112222"


def test_it_exports_organisations_as_xlsx_in_the_users_area(p, login):
    response = login(p.secretary).get("/registers/party_organisations/export.xlsx")
    rows = read_xlsx(b"".join(response.streaming_content))
    assert rows[0] == ORG_HEADER
    assert [r[0] for r in rows[1:]] == ["E1", "E1B1", "E1B1G1"]
    assert rows[2][2:5] == ["党支部", "E1", "网格型"]
    response = login(p.world.users["subdistrict_staff"]).get(
        "/registers/party_organisations/export.csv"
    )
    codes = [r[0] for r in read_csv(b"".join(response.streaming_content))[1:]]
    assert set(codes) == {"G1", "E1", "E1B1", "E1B1G1", "W1", "W1B1"}


@pytest.mark.parametrize(
    "register", ["party_organisations", "party_members", "partner_units", "partnership_agreements"]
)
def test_it_refuses_party_exports_to_users_without_party_access(p, login, register):
    for who in ("outsider", "grid_worker", "resident"):
        response = login(p.world.users[who]).get(f"/registers/{register}/export.csv")
        assert response.status_code == 404, who


@pytest.mark.parametrize(
    ("register", "header"),
    [
        ("party_organisations", ORG_HEADER),
        ("party_members", MEMBER_HEADER),
        ("partner_units", UNIT_HEADER),
        ("partnership_agreements", AGREEMENT_HEADER),
    ],
)
def test_it_serves_a_template_per_register(p, login, register, header):
    client = login(p.secretary)
    assert read_csv(client.get(f"/registers/{register}/template.csv").content) == [header]
    assert read_xlsx(client.get(f"/registers/{register}/template.xlsx").content) == [header]


def test_it_imports_partner_units_and_agreements(p):
    units = [
        ["U2", "县自来水公司", EAST, "李主任", "057767771234"],
        ["U3", "县中学", "330324001", "", ""],  # on the subdistrict: not the secretary's
    ]
    job = run(p, "partner_units", [UNIT_HEADER, *units], who="subdistrict_staff")
    assert job.status == JobStatus.DONE, job.errors
    agreements = [
        ["A2", "U2", "E1B1", "2026-01-01", "2026-12-31", "结对共建、微心愿认领"],
        ["A1", "U1", "E1", "2026-01-01", "2028-12-31", "志愿服务、资源共享"],  # extended
    ]
    job = run(p, "partnership_agreements", [AGREEMENT_HEADER, *agreements])
    assert (job.status, job.created_count, job.updated_count) == (JobStatus.DONE, 1, 1)
    assert str(PartnershipAgreement.objects.get(code="A1").ends_on) == "2028-12-31"
    again = run(p, "partnership_agreements", [AGREEMENT_HEADER, *agreements])
    assert again.unchanged_count == 2


def test_it_reports_bad_partner_rows(p):
    units = [
        ["U4", "网格单位", EAST_GRID, "", ""],  # 2 a grid is too low
        ["U5", "县供电所", EAST, "", ""],  # 3 the area has a unit of that name (U1)
        ["U6", "西单位", "330324001002", "", ""],  # 4 outside my area
        ["U7", "新单位", "330324009", "", ""],  # 5 unknown area
    ]
    job = run(p, "partner_units", [UNIT_HEADER, *units])
    assert set(errors(job)) == {(2, "area_code"), (3, "name"), (4, "area_code"), (5, "area_code")}
    agreements = [
        ["A3", "U1", "E1", "2026-06-01", "2026-05-31", "共建"],  # 2 ends before it starts
        ["A4", "U1", "E1B1G1", "2026-01-01", "2026-12-31", "共建"],  # 3 a group does not sign
        ["A5", "U9", "E1", "2026-01-01", "2026-12-31", "共建"],  # 4 unknown unit
        ["A6", "U1", "W1", "2026-01-01", "2026-12-31", "共建"],  # 5 organisation outside
        ["A7", "U1", "E1", "2026-01-01", "", "共建"],  # 6 no end
        ["A8", "U1", "E1", "2026-01-01", "2026-12-31", ""],  # 7 no commitments
    ]
    job = run(p, "partnership_agreements", [AGREEMENT_HEADER, *agreements])
    assert set(errors(job)) == {
        (2, "ends_on"),
        (3, "organisation_code"),
        (4, "unit_code"),
        (5, "organisation_code"),
        (6, "ends_on"),
        (7, "commitments"),
    }
    assert PartnerUnit.objects.count() == 1 and PartnershipAgreement.objects.count() == 1


def test_it_lists_party_registers_on_the_import_page_for_party_editors(p, login):
    page = login(p.secretary).get("/registers/").content.decode()
    for label in ("党组织", "共建单位", "共建协议"):
        assert label in page
    assert 'value="party_members"' in page and 'value="households"' not in page
    page = login(p.world.users["grid_worker"]).get("/registers/").content.decode()
    assert "party_members" not in page and "households" in page


def test_it_imports_a_party_register_through_the_page_and_refuses_others(p, login):
    upload = SimpleUploadedFile("m.csv", csv_bytes([MEMBER_HEADER, *member_rows()]))
    response = login(p.secretary).post(
        "/registers/import/", {"register": "party_members", "file": upload}
    )
    assert response.status_code == 302
    assert PartyMember.objects.filter(code__in=["M10", "M11"]).count() == 2
    upload = SimpleUploadedFile("m.csv", csv_bytes([MEMBER_HEADER, *member_rows()]))
    response = login(p.world.users["grid_worker"]).post(
        "/registers/import/", {"register": "party_members", "file": upload}
    )
    assert response.status_code == 404


def test_it_imports_and_exports_party_registers_through_the_api(p, client):
    _token, key = ApiToken.issue(p.secretary, "app")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    response = client.post(
        "/api/v1/registers/party_members/import",
        {"file": SimpleUploadedFile("m.csv", csv_bytes([MEMBER_HEADER, *member_rows()]))},
        **auth,
    )
    assert response.status_code == 200 and response.json()["created"] == 2
    response = client.get("/api/v1/registers/partner_units/export?format=csv", **auth)
    rows = read_csv(b"".join(response.streaming_content))
    assert rows[1] == ["U1", "县供电所", EAST, "王主任", "139****1111"]
    response = client.post(
        "/api/v1/registers/households/import",
        {"file": SimpleUploadedFile("h.csv", b"a\n1\n")},
        **auth,
    )
    assert response.status_code == 403


def test_it_imports_party_registers_from_the_command_line(p, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "o.xlsx"
    path.write_bytes(xlsx_bytes([ORG_HEADER, *org_rows()]))
    call_command(
        "import_registers", str(path), "--register", "party_organisations", "--actor", "13700000021"
    )
    assert "4 created, 0 updated, 0 unchanged" in capsys.readouterr().out


def test_it_imports_a_large_party_file_in_the_background(
    p, settings, login, django_capture_on_commit_callbacks
):
    settings.LINLI_IMPORT_BACKGROUND_ROWS = 5
    rows = [
        [f"M{100 + i}", f"党员{i}", "E1B1", "", "在职", "县医院", EAST, "2026-02-01", ""]
        for i in range(12)
    ]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = run(p, "party_members", [MEMBER_HEADER, *rows], name="m.xlsx")
    assert job.background and job.status == JobStatus.PENDING
    page = login(p.secretary).get(f"/registers/jobs/{job.pk}/").content.decode()
    assert "党员" in page or "Party members" in page
    for callback in callbacks:
        callback()  # the worker runs the job with the secretary's party access
    job.refresh_from_db()
    assert (job.status, job.created_count, job.processed) == (JobStatus.DONE, 12, 12)
    assert PartyMember.objects.filter(home_community=p.world.east).count() == 13


def test_it_imports_exports_and_replaces_cross_appointments(p, login):
    from party.models import CrossAppointment

    row = [
        "M1",
        "东在职党员",
        "E1B1",
        "",
        "在职",
        "县医院",
        EAST,
        "2026-03-01",
        "2000-07-01",
        "业委会/东花园业委会/主任；物业公司//经理",
    ]
    job = run(p, "party_members", [MEMBER_HEADER, row])
    assert (job.status, job.updated_count) == (JobStatus.DONE, 1), job.errors
    held = set(p.member.cross_appointments.values_list("body", "body_name", "position"))
    assert held == {("owners_committee", "东花园业委会", "主任"), ("property_company", "", "经理")}
    response = login(p.secretary).get("/registers/party_members/export.csv")
    exported = read_csv(b"".join(response.streaming_content))[1]
    assert exported[9] == "业委会/东花园业委会/主任；物业公司//经理"
    again = run(p, "party_members", [MEMBER_HEADER, exported])
    assert (again.updated_count, again.unchanged_count) == (0, 1)
    row[9] = "居委会//委员"
    assert run(p, "party_members", [MEMBER_HEADER, row]).updated_count == 1
    assert list(p.member.cross_appointments.values_list("body", flat=True)) == [
        "residents_committee"
    ]
    # a file without the column leaves them alone; a bad post is refused with its reason
    run(p, "party_members", [MEMBER_HEADER[:9], row[:9]])
    assert CrossAppointment.objects.count() == 1
    row[9] = "业委会/主任"
    job = run(p, "party_members", [MEMBER_HEADER, row])
    assert list(errors(job)) == [(2, "cross_appointments")]


def test_it_lets_a_secretary_reimport_their_own_organisations_export(p, login):
    """The east committee sits under the subdistrict's working committee, which the east
    secretary may not edit; re-importing it unchanged (or renamed) is still theirs to do."""
    response = login(p.secretary).get("/registers/party_organisations/export.csv")
    rows = read_csv(b"".join(response.streaming_content))
    assert rows[1][:4] == ["E1", "东社区大党委", "大党委", "G1"]
    job = run(p, "party_organisations", rows)
    assert (job.status, job.unchanged_count) == (JobStatus.DONE, 3), job.errors
    rows[1][1] = "东社区党委"
    assert run(p, "party_organisations", rows).updated_count == 1
    # but not a new committee under the working committee
    rows.append(["E2", "东二大党委", "大党委", "G1", "", EAST, ""])
    assert (len(rows), "parent_code") in errors(run(p, "party_organisations", rows))


def test_it_keeps_a_stored_home_registration_outside_the_importers_area(p, login):
    p.member.home_community = p.world.west
    p.member.save()
    response = login(p.secretary).get("/registers/party_members/export.csv")
    rows = read_csv(b"".join(response.streaming_content))
    assert rows[1][6] == "330324001002"
    assert run(p, "party_members", rows).unchanged_count == 2
    rows[2][4:8] = ["在职", "县医院", "330324001002", "2026-01-01"]  # a new one is refused
    assert (3, "home_community_code") in errors(run(p, "party_members", rows))


def test_it_keeps_an_agreement_with_a_unit_of_the_subdistrict(p, login):
    p.unit.area = p.world.subdistrict
    p.unit.save()
    response = login(p.secretary).get("/registers/partnership_agreements/export.csv")
    rows = read_csv(b"".join(response.streaming_content))
    rows[1][4] = "2028-12-31"
    assert run(p, "partnership_agreements", rows).updated_count == 1
    rows.append(["A9", "U1", "E1", "2026-01-01", "2026-12-31", "新协议"])
    assert (3, "unit_code") in errors(run(p, "partnership_agreements", rows))
