"""Phone and ID numbers are masked; a full view is an audited action for reveal_personal."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world):
    return world.east_households[0].residents.first()


@pytest.fixture
def part_timer(world):
    user = User.objects.create_user(phone="13700000099", password="x", name="兼职")
    RoleAssignment.objects.create(user=user, role=Role.GRID_WORKER_PART, area=world.east_grid)
    return user


def test_it_masks_numbers_on_pages_and_in_the_api(world, login, person):
    client = login(world.users["community_staff"])
    for url in (
        reverse("areas:household", args=[person.household.code]),
        reverse("areas:resident", args=[person.code]),
        reverse("areas:special", args=[world.east.code]) + "?tag=elderly_alone",
    ):
        body = client.get(url).content.decode()
        assert person.phone not in body and person.id_number not in body, url
        assert person.phone[:3] + "****" + person.phone[-4:] in body, url
    data = client.get(f"/api/v1/areas/households/{person.household.code}").json()
    assert data["residents"][0]["phone"] == "139****5001"
    assert data["residents"][0]["id_number"] == "330324********001X"


def test_it_reveals_in_full_with_an_audit_entry_per_view(world, login, person):
    worker = world.users["grid_worker"]
    client = login(worker)
    card = client.get(reverse("areas:resident", args=[person.code])).content.decode()
    assert reverse("areas:reveal", args=[person.code]) in card
    for _ in range(2):
        shown = client.post(reverse("areas:reveal", args=[person.code])).content.decode()
        assert person.phone in shown and person.id_number in shown
    api = client.post(f"/api/v1/areas/residents/{person.code}/reveal").json()
    assert api["phone"] == person.phone
    entries = AuditEntry.objects.filter(action="areas.resident.reveal_personal")
    assert entries.count() == 3
    assert {e.actor for e in entries} == {worker}
    assert {e.area_code for e in entries} == {world.east_grid.code}


def test_it_never_gives_the_full_value_without_reveal_personal(world, login, person, part_timer):
    client = login(part_timer)
    card = client.get(reverse("areas:resident", args=[person.code])).content.decode()
    assert reverse("areas:reveal", args=[person.code]) not in card
    assert person.phone not in card
    assert client.post(reverse("areas:reveal", args=[person.code])).status_code == 404
    assert client.post(f"/api/v1/areas/residents/{person.code}/reveal").status_code == 404
    assert not AuditEntry.objects.filter(action="areas.resident.reveal_personal").exists()
