"""Edits go through actions and write an audit entry (who, what, when, old → new)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from areas import actions
from areas.models import Building, Resident
from core.models import AuditEntry
from core.refusal import Invalid, NotFound

pytestmark = pytest.mark.django_db


def _building_form(b, **changes):
    data = {
        "name": b.name,
        "address": b.address,
        "floors": b.floors,
        "entrances": b.entrances,
        "households": b.households,
        "lon": b.lon,
        "lat": b.lat,
    }
    return {**data, **changes}


def test_it_edits_a_building_and_audits_old_and_new(world, login):
    staff = world.users["community_staff"]
    client = login(staff)
    url = reverse("areas:edit_building", args=[world.east_building.code])
    assert client.get(url).status_code == 200
    response = client.post(url, _building_form(world.east_building, floors=9))
    assert response.status_code == 302
    assert Building.objects.get(pk=world.east_building.pk).floors == 9
    entry = AuditEntry.objects.get(action="areas.building.update")
    assert entry.actor == staff
    assert entry.changes == {"floors": [6, 9]}
    assert entry.area_code == world.east_grid.code
    assert entry.object_id == str(world.east_building.pk)


def test_it_refuses_bad_input_and_changes_nothing(world, login):
    client = login(world.users["community_staff"])
    url = reverse("areas:edit_building", args=[world.east_building.code])
    response = client.post(url, _building_form(world.east_building, floors=0, lat=123))
    assert response.status_code == 200
    assert "floor" in response.content.decode()
    assert Building.objects.get(pk=world.east_building.pk).floors == 6
    assert not AuditEntry.objects.exists()


def test_it_keeps_personal_numbers_out_of_the_form_and_masks_them_in_the_log(world, login):
    person = world.east_households[0].residents.first()
    client = login(world.users["community_staff"])
    url = reverse("areas:edit_resident", args=[person.code])
    form = client.get(url).content.decode()
    assert person.phone not in form and person.id_number not in form
    data = {
        "name": person.name,
        "gender": person.gender,
        "birth_date": person.birth_date.isoformat(),
        "phone": "13912349999",
        "id_number": "",
        "tags": ["elderly_alone", "veteran"],
        "is_head": "on",
    }
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.phone == "13912349999"
    assert person.id_number == "33032419500101001X"  # blank kept it
    assert person.tags == ["elderly_alone", "veteran"]
    entry = AuditEntry.objects.get(action="areas.resident.update")
    assert entry.changes["phone"] == ["139****5001", "139****9999"]
    assert entry.changes["tags"] == [["elderly_alone"], ["elderly_alone", "veteran"]]


def test_it_refuses_a_bad_phone_number(world, login):
    person = world.east_households[0].residents.first()
    client = login(world.users["community_staff"])
    data = {"name": person.name, "gender": "F", "phone": "12345", "tags": []}
    response = client.post(reverse("areas:edit_resident", args=[person.code]), data)
    assert response.status_code == 200
    assert Resident.objects.get(pk=person.pk).phone == person.phone


def test_it_lets_only_editors_edit(world, login):
    h = world.east_households[0]
    client = login(world.users["grid_worker"])  # may view, not edit
    assert client.get(reverse("areas:edit_household", args=[h.code])).status_code == 404
    page = client.get(reverse("areas:household", args=[h.code])).content.decode()
    assert reverse("areas:edit_household", args=[h.code]) not in page
    with pytest.raises(NotFound):
        actions.do_update_household(h, {"room": "999"}, actor=world.users["grid_worker"])
    assert not AuditEntry.objects.exists()


def test_it_writes_no_entry_when_nothing_changes(world):
    h = world.east_households[0]
    changes = actions.do_update_household(
        h, {"room": h.room, "floor": h.floor}, actor=world.users["community_staff"]
    )
    assert changes == {}
    assert not AuditEntry.objects.exists()


def test_it_refuses_unknown_fields_and_tags(world):
    staff = world.users["community_staff"]
    with pytest.raises(Invalid):
        actions.do_update_household(world.east_households[0], {"grid": None}, actor=staff)
    person = world.east_households[0].residents.first()
    with pytest.raises(Invalid):
        actions.do_update_resident(person, {"tags": ["rich"]}, actor=staff)
    assert not AuditEntry.objects.exists()


def test_it_shows_staff_the_audit_log_of_their_area_only(world, login):
    east_person = world.east_households[0].residents.first()
    west_person = world.west_households[0].residents.first()
    actions.do_reveal_personal(east_person, actor=world.users["grid_worker"])
    actions.do_reveal_personal(west_person, actor=world.users["outsider"])
    body = login(world.users["community_staff"]).get(reverse("areas:audit")).content.decode()
    assert east_person.name in body and west_person.name not in body
    body = login(world.users["subdistrict_staff"]).get(reverse("areas:audit")).content.decode()
    assert east_person.name in body and west_person.name in body


def test_it_keeps_the_audit_log_from_non_staff(world, login):
    assert login(world.users["grid_worker"]).get(reverse("areas:audit")).status_code == 404


def test_it_refuses_to_move_a_building_to_null_island(world, login):
    client = login(world.users["community_staff"])
    url = reverse("areas:edit_building", args=[world.east_building.code])
    response = client.post(url, _building_form(world.east_building, lon=0, lat=0))
    assert response.status_code == 200
    assert "不是真实位置" in response.content.decode()
    assert Building.objects.get(pk=world.east_building.pk).lon == 120.63
    assert not AuditEntry.objects.exists()
