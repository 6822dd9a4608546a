"""The joint meeting member unit register: imported by code (a repeated import changes
nothing), bad rows reported with nothing written, exported where the body is seen."""

from __future__ import annotations

import pytest

from areas.registers import specs
from areas.registers.engine import rendered
from areas.registers.exporter import rows_of
from areas.registers.workflow import JobStatus
from core.refusal import Forbidden
from party.joint import actions
from party.models import JointMember
from party.tests.test_registers import run

pytestmark = pytest.mark.django_db
HEADER = ["code", "body_code", "name", "unit_code"]


@pytest.fixture
def body(p):
    staff = p.world.users["community_staff"]
    return actions.do_create_joint_body(p.world.east, name="东社区党建联席会议", actor=staff)


def test_it_imports_member_units_and_reimports_them_unchanged(p, body):
    rows = [HEADER, ["J1", body.code, "", "U1"], ["J2", body.code, "东小学", ""]]
    for _ in range(2):
        job = run(p, "joint_members", rows, who="community_staff")
        assert job.status == JobStatus.DONE, rendered(job.errors)
    assert (job.created_count, job.unchanged_count) == (0, 2)
    unit = JointMember.objects.get(code="J1")
    assert (unit.name, unit.unit, unit.body) == (p.unit.name, p.unit, body)
    exported = list(rows_of(specs.get("joint_members"), p.user("community_staff")))
    assert exported == [["J1", body.code, p.unit.name, "U1"], ["J2", body.code, "东小学", ""]]


def test_it_reports_bad_rows_and_writes_nothing(p, body):
    rows = [
        HEADER,
        ["J1", "NOPE", "甲", ""],  # 2 unknown body
        ["J2", body.code, "", ""],  # 3 no name, no unit
        ["J3", body.code, "乙", "U9"],  # 4 unknown partner unit
        ["J4", body.code, "丙", ""],
        ["J5", body.code, "丙", ""],  # 6 the same name twice
    ]
    job = run(p, "joint_members", rows, who="community_staff")
    assert job.status == JobStatus.REJECTED
    found = {(e["row"], e["column"]) for e in rendered(job.errors)}
    assert {(2, "body_code"), (3, "name"), (4, "unit_code"), (6, "name")} <= found
    assert not JointMember.objects.exists()
    with pytest.raises(Forbidden):  # a grid worker of the west imports no party register
        run(p, "joint_members", [HEADER, ["J1", body.code, "丁", ""]], who="outsider")
    assert not JointMember.objects.exists()
