"""Members: in service or retired, workplace, 双报到, cross-appointments; each audited."""

from __future__ import annotations

import datetime as dt

import pytest

from core.models import AuditEntry
from core.refusal import NotFound, Refusal
from party import actions
from party.models import CrossAppointment, PartyMember

pytestmark = pytest.mark.django_db


def add(p, who="secretary", org=None, **kw):
    fields = {"name": "新党员", "phone": "13822223333"}
    return actions.do_add_member(org or p.east_branch, **{**fields, **kw}, actor=p.user(who))


def test_it_adds_an_in_service_member_registered_at_home_and_audits_it(p):
    member = add(
        p,
        code="M9",
        in_service=True,
        workplace=" 县教育局 ",
        home_community=p.world.east,
        registered_on=dt.date(2026, 5, 1),
    )
    assert member.code == "M9" and member.workplace == "县教育局"
    entry = AuditEntry.objects.get(action="party.member.add")
    assert entry.changes["phone"] == [None, "138****3333"]
    assert entry.area_code == p.east_branch.area.code


def test_it_gives_a_member_without_a_code_one(p):
    a, b = add(p), add(p, name="另一位")
    assert a.code and b.code and a.code != b.code


def test_it_drops_the_workplace_of_a_retired_member(p):
    assert add(p, workplace="县医院").workplace == ""


@pytest.mark.parametrize(
    "fields,error",
    [
        ({"name": "  "}, "name"),
        ({"phone": "12345"}, "phone"),
        ({"code": "M1"}, "code"),  # taken
        # only in-service members register at home, with a community and a date
        ({"home_community": "east", "registered_on": dt.date(2026, 1, 1)}, "home_community"),
        ({"in_service": True, "home_community": "east"}, "registered_on"),
        ({"in_service": True, "registered_on": dt.date(2026, 1, 1)}, "home_community"),
        (
            {"in_service": True, "home_community": "east_grid", "registered_on": dt.date.today()},
            "home_community",
        ),
        (
            {
                "in_service": True,
                "home_community": "east",
                "registered_on": dt.date(1999, 1, 1),
                "joined_on": dt.date(2000, 1, 1),
            },
            "registered_on",
        ),
    ],
)
def test_it_refuses_bad_members_and_stores_nothing(p, fields, error):
    if isinstance(fields.get("home_community"), str):
        fields["home_community"] = getattr(p.world, fields["home_community"])
    before = PartyMember.objects.count(), AuditEntry.objects.count()
    with pytest.raises(Refusal) as exc:
        add(p, **fields)
    assert error in exc.value.errors
    assert (PartyMember.objects.count(), AuditEntry.objects.count()) == before


def test_it_refuses_a_member_in_an_organisation_outside_the_users_area(p):
    for who in ("secretary", "grid_worker", "outsider"):
        with pytest.raises(NotFound):
            add(p, who=who, org=p.west_branch)
    with pytest.raises(NotFound):  # grid workers do not edit party registers
        add(p, who="grid_worker")
    assert not PartyMember.objects.filter(name="新党员").exists()


def test_it_refuses_a_home_registration_outside_the_users_area(p):
    with pytest.raises(NotFound):
        add(p, in_service=True, home_community=p.world.west, registered_on=dt.date(2026, 1, 1))
    assert not PartyMember.objects.filter(name="新党员").exists()


def edit(p, member, who="secretary", **kw):
    fields = {
        f: getattr(member, f)
        for f in (
            "name",
            "organisation",
            "phone",
            "in_service",
            "workplace",
            "home_community",
            "registered_on",
            "joined_on",
        )
    }
    return actions.do_edit_member(member, **{**fields, **kw}, actor=p.user(who))


def test_it_edits_a_member_and_audits_old_and_new_with_masked_phones(p):
    edit(p, p.member, phone="13900009999", workplace="县人民医院")
    entry = AuditEntry.objects.get(action="party.member.edit")
    assert entry.changes["phone"] == ["138****2222", "139****9999"]
    assert entry.changes["workplace"] == ["县医院", "县人民医院"]
    edit(p, PartyMember.objects.get(pk=p.member.pk))  # nothing changes, nothing recorded
    assert AuditEntry.objects.filter(action="party.member.edit").count() == 1


def test_it_retires_a_member_only_without_a_home_registration(p):
    with pytest.raises(Refusal):
        edit(p, p.member, in_service=False)
    edit(p, p.member, in_service=False, home_community=None, registered_on=None)
    p.member.refresh_from_db()
    assert not p.member.in_service and p.member.workplace == "" and not p.member.home_community


def test_it_moves_a_member_within_reach_and_drops_a_secretaryship(p):
    p.east_branch.secretary = p.member
    p.east_branch.save()
    edit(p, p.member, organisation=p.east_group)
    p.east_branch.refresh_from_db()
    assert p.east_branch.secretary is None
    assert PartyMember.objects.get(pk=p.member.pk).organisation == p.east_group
    with pytest.raises(NotFound):
        edit(p, p.retired, organisation=p.west_branch)
    with pytest.raises(NotFound):
        edit(p, p.west_member, name="改名")
    assert PartyMember.objects.get(pk=p.retired.pk).organisation == p.east_branch


def test_it_records_a_cross_appointment(p):
    appointment = actions.do_add_cross_appointment(
        p.member,
        body="owners_committee",
        body_name="东花园业委会",
        position="主任",
        actor=p.secretary,
    )
    assert appointment.member == p.member
    assert AuditEntry.objects.filter(action="party.cross_appointment.add").count() == 1


@pytest.mark.parametrize(
    "body,position,error", [("club", "主任", "body"), ("owners_committee", " ", "position")]
)
def test_it_refuses_a_bad_cross_appointment(p, body, position, error):
    with pytest.raises(Refusal) as exc:
        actions.do_add_cross_appointment(
            p.member, body=body, body_name="", position=position, actor=p.secretary
        )
    assert error in exc.value.errors
    assert not CrossAppointment.objects.exists()


def test_it_refuses_a_cross_appointment_outside_the_area(p):
    with pytest.raises(NotFound):
        actions.do_add_cross_appointment(
            p.west_member, body="owners_committee", body_name="", position="委员", actor=p.secretary
        )
    assert not CrossAppointment.objects.exists()
