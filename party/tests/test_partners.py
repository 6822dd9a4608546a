"""Partner units 共建单位 and their partnership agreements."""

from __future__ import annotations

import datetime as dt

import pytest

from core.models import AuditEntry
from core.refusal import NotFound, Refusal
from party import actions
from party.models import PartnershipAgreement, PartnerUnit

pytestmark = pytest.mark.django_db


def test_it_adds_a_partner_unit_and_audits_it_with_a_masked_phone(p):
    unit = actions.do_add_partner_unit(
        p.world.east, name="县医院", code="U9", phone="13900002222", actor=p.secretary
    )
    assert unit.code == "U9"
    entry = AuditEntry.objects.get(action="party.partner_unit.add")
    assert entry.changes["phone"] == [None, "139****2222"]
    assert entry.area_code == p.world.east.code


@pytest.mark.parametrize(
    "fields,error",
    [
        ({"name": " "}, "name"),
        ({"name": "县供电所"}, "name"),  # the area has one of that name
        ({"phone": "555"}, "phone"),
        ({"phone": "05771234567x"}, "phone"),
        ({"code": "U1"}, "code"),
        ({"area": "east_grid"}, "area"),  # partner units work with a community or above
    ],
)
def test_it_refuses_a_bad_partner_unit(p, fields, error):
    area = getattr(p.world, fields.pop("area", "east"))
    before = PartnerUnit.objects.count(), AuditEntry.objects.count()
    with pytest.raises(Refusal) as exc:
        actions.do_add_partner_unit(area, **{"name": "新单位", **fields}, actor=p.secretary)
    assert error in exc.value.errors
    assert (PartnerUnit.objects.count(), AuditEntry.objects.count()) == before


def test_it_refuses_a_partner_unit_outside_the_area(p):
    for who in ("secretary", "outsider"):
        with pytest.raises(NotFound):
            actions.do_add_partner_unit(p.world.west, name="西单位", actor=p.user(who))
    assert not PartnerUnit.objects.filter(name="西单位").exists()


def agree(p, who="secretary", **kw):
    fields = {
        "organisation": p.east_branch,
        "starts_on": dt.date(2026, 1, 1),
        "ends_on": dt.date(2026, 12, 31),
        "commitments": "认领微心愿",
    }
    return actions.do_add_agreement(p.unit, **{**fields, **kw}, actor=p.user(who))


def test_it_adds_an_agreement_and_audits_its_period(p):
    agreement = agree(p, code="A9", ends_on=dt.date(2026, 1, 1))  # one day is a period
    assert agreement.code == "A9"
    entry = AuditEntry.objects.get(action="party.agreement.add")
    assert entry.changes["period"] == [None, "2026-01-01 – 2026-01-01"]


@pytest.mark.parametrize(
    "fields,error",
    [
        ({"ends_on": dt.date(2025, 12, 31)}, "ends_on"),
        ({"commitments": "  "}, "commitments"),
        ({"organisation": "east_group"}, "organisation"),
        ({"code": "A1"}, "code"),
    ],
)
def test_it_refuses_a_bad_agreement_and_stores_nothing(p, fields, error):
    if isinstance(fields.get("organisation"), str):
        fields["organisation"] = getattr(p, fields["organisation"])
    before = PartnershipAgreement.objects.count(), AuditEntry.objects.count()
    with pytest.raises(Refusal) as exc:
        agree(p, **fields)
    assert error in exc.value.errors
    assert (PartnershipAgreement.objects.count(), AuditEntry.objects.count()) == before


def test_it_refuses_an_agreement_with_an_organisation_outside_the_area(p):
    with pytest.raises(NotFound):
        agree(p, organisation=p.west_branch)
    with pytest.raises(NotFound):
        agree(p, who="outsider")
    assert PartnershipAgreement.objects.count() == 1


def test_it_takes_a_landline_for_a_unit(p):
    unit = actions.do_add_partner_unit(
        p.world.east, name="县派出所", phone="057767771234", actor=p.secretary
    )
    assert unit.phone == "057767771234"


def test_it_edits_a_partner_unit_and_audits_masked_phones(p):
    actions.do_edit_partner_unit(
        p.unit, name="县供电公司", contact="王主任", phone="057767770000", actor=p.secretary
    )
    p.unit.refresh_from_db()
    assert p.unit.name == "县供电公司"
    entry = AuditEntry.objects.get(action="party.partner_unit.edit")
    assert entry.changes["phone"] == ["139****1111", "057*****0000"]
    actions.do_edit_partner_unit(
        p.unit, name="县供电公司", contact="王主任", phone="057767770000", actor=p.secretary
    )
    assert AuditEntry.objects.filter(action="party.partner_unit.edit").count() == 1


def test_it_refuses_a_bad_or_foreign_partner_unit_edit(p):
    other = actions.do_add_partner_unit(p.world.east, name="县中学", actor=p.secretary)
    with pytest.raises(Refusal) as exc:
        actions.do_edit_partner_unit(
            other, name="县供电所", contact="", phone="", actor=p.secretary
        )
    assert "name" in exc.value.errors
    with pytest.raises(NotFound):
        actions.do_edit_partner_unit(
            p.unit, name="改名", contact="", phone="", actor=p.world.users["outsider"]
        )
    assert PartnerUnit.objects.get(pk=p.unit.pk).name == "县供电所"


def test_it_extends_an_agreement_and_refuses_a_backward_period(p):
    actions.do_edit_agreement(
        p.agreement,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2028, 12, 31),
        commitments="志愿服务",
        actor=p.secretary,
    )
    entry = AuditEntry.objects.get(action="party.agreement.edit")
    assert entry.changes["ends_on"] == ["2027-12-31", "2028-12-31"]
    with pytest.raises(Refusal) as exc:
        actions.do_edit_agreement(
            p.agreement,
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2025, 1, 1),
            commitments="志愿服务",
            actor=p.secretary,
        )
    assert "ends_on" in exc.value.errors
    with pytest.raises(NotFound):
        actions.do_edit_agreement(
            p.agreement,
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2029, 1, 1),
            commitments="x",
            actor=p.world.users["outsider"],
        )
    assert str(PartnershipAgreement.objects.get(pk=p.agreement.pk).ends_on) == "2028-12-31"
