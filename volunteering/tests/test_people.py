from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook

from core.models import AuditEntry
from core.refusal import Refusal
from volunteering import actions, selectors
from volunteering.models import Talent, TeamMembership, Volunteer
from volunteering.tests.test_wishes import png, post

pytestmark = pytest.mark.django_db


def test_it_marks_party_member_volunteers(v) -> None:
    assert v.volunteer2.is_party_member and not v.volunteer.is_party_member


def test_it_refuses_registering_twice_or_outside_the_area(v) -> None:
    with pytest.raises(Refusal):
        actions.do_register_volunteer(actor=v.staff, community=v.world.east, user=v.vol_user)
    with pytest.raises(Refusal):
        actions.do_register_volunteer(actor=v.staff, community=v.world.west, name="某人")
    assert Volunteer.objects.count() == 3


def test_it_builds_teams_of_each_kind(v) -> None:
    unit_team = actions.do_create_team(
        community=v.world.east,
        name="供电所服务队",
        kind="partner_unit",
        partner_unit=v.unit,
        actor=v.staff,
    )
    assert unit_team.partner_unit == v.unit
    with pytest.raises(Refusal):
        actions.do_create_team(community=v.world.east, name="x", kind="partner_unit", actor=v.staff)
    compound = v.world.west_building.compound
    with pytest.raises(Refusal):
        actions.do_create_team(
            community=v.world.east, name="x", kind="compound", compound=compound, actor=v.staff
        )
    actions.do_add_team_member(unit_team, volunteer=v.volunteer, is_leader=True, actor=v.staff)
    with pytest.raises(Refusal):
        actions.do_add_team_member(unit_team, volunteer=v.volunteer, actor=v.staff)
    assert TeamMembership.objects.get(team=unit_team).is_leader


def test_it_keeps_a_talent_pool_with_a_service_menu(v, login) -> None:
    talent = actions.do_set_talent(
        v.volunteer, kind="doctor", title="主治医师", service_menu="量血压\n健康咨询", actor=v.staff
    )
    assert talent.menu_lines() == ["量血压", "健康咨询"]
    actions.do_set_talent(v.volunteer, kind="doctor", service_menu="量血压", actor=v.staff)
    assert Talent.objects.get().menu_lines() == ["量血压"]
    with pytest.raises(Refusal):
        actions.do_set_talent(v.volunteer, kind="wizard", service_menu="x", actor=v.staff)
    body = login(v.staff).get("/volunteering/staff/teams/").content.decode()
    assert "能人库" in body and "量血压" in body


def _serve(v, user, when: dt.datetime) -> None:
    with time_machine.travel(when, tick=False):
        order = actions.do_take_order(v.published(), actor=user)
        actions.do_check_in(order, lon=120.63, lat=28.01, actor=user)
        actions.do_check_out(order, lon=120.63, lat=28.01, actor=user)
        actions.do_confirm_order(order, rating=5, actor=v.resident)


def test_it_counts_in_service_progress_and_lists_those_behind(v, settings) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.LINLI_IN_SERVICE_REQUIRED_SERVICES = 2
    _serve(v, v.vol2_user, dt.datetime(2026, 4, 1, 2, tzinfo=dt.UTC))
    _serve(v, v.vol2_user, dt.datetime(2025, 4, 1, 2, tzinfo=dt.UTC))  # last year's: not counted
    with time_machine.travel(dt.datetime(2026, 6, 1, 2, tzinfo=dt.UTC), tick=False):
        wish = actions.do_claim_wish(post(v), actor=v.vol2_user)
        actions.do_fulfil_wish(wish, photo=SimpleUploadedFile("p.png", png()), actor=v.vol2_user)
        member = selectors.in_service_progress(v.staff, 2026).get()
        assert (member.orders_done, member.wishes_done, member.done) == (1, 0, 1)
        assert selectors.in_service_progress(v.staff, 2026, behind=True).count() == 1
        actions.do_confirm_wish(wish, actor=v.staff)
    member = selectors.in_service_progress(v.staff, 2026).get()
    assert member.done == 2
    assert not selectors.in_service_progress(v.staff, 2026, behind=True).exists()
    assert not selectors.in_service_progress(v.world.users["outsider"], 2026).exists()


def test_it_exports_in_service_progress_with_masked_phones(v, login) -> None:
    v.member.phone = "13912345678"
    v.member.save()
    client = login(v.staff)
    year = dt.date.today().year
    response = client.get(f"/volunteering/staff/in-service/export.xlsx?year={year}&behind=1")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "东党员" and rows[1][4] == "139****5678"
    csv = client.get(f"/volunteering/staff/in-service/export.csv?year={year}").content.decode()
    assert "139****5678" in csv and "13912345678" not in csv
    assert AuditEntry.objects.filter(action="volunteering.in_service.export").count() == 2
    assert login(v.resident).get("/volunteering/staff/in-service/export.csv").status_code == 404
