"""Back-office changes through Django admin are audited like actions: old → new, personal
numbers masked, password hashes never logged."""

from __future__ import annotations

import json

import pytest

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def back_office(world, client):
    user = User.objects.create_superuser(phone="13600000000", password="x", name="后台")
    client.force_login(user)
    return client


def test_it_audits_a_register_change_with_old_and_new_values_masked(world, back_office):
    resident = world.east_households[0].residents.get()
    response = back_office.post(
        f"/admin/areas/resident/{resident.pk}/change/",
        {
            "code": resident.code,
            "household": resident.household_id,
            "name": "改名居民",
            "gender": resident.gender,
            "birth_date": resident.birth_date.isoformat(),
            "phone": "13988887777",
            "id_number": resident.id_number,
            "tags": json.dumps(resident.tags),
            "is_head": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="admin.areas.resident.update")
    assert entry.changes == {
        "name": ["E居民1", "改名居民"],
        "phone": ["139****5001", "139****7777"],
    }
    assert entry.area_code == world.east_grid.code and entry.actor.phone == "13600000000"


def test_it_audits_roles_given_and_taken_through_the_user_page(world, back_office):
    worker = world.users["grid_worker"]
    own = worker.role_assignments.get()
    data = {
        "phone": worker.phone,
        "name": worker.name,
        "is_active": "on",
        "role_assignments-TOTAL_FORMS": "2",
        "role_assignments-INITIAL_FORMS": "1",
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
        "role_assignments-0-id": own.pk,
        "role_assignments-0-user": worker.pk,
        "role_assignments-0-role": own.role,
        "role_assignments-0-area": own.area_id,
        "role_assignments-0-duty": "",
        "role_assignments-0-DELETE": "on",
        "role_assignments-1-user": worker.pk,
        "role_assignments-1-role": Role.GRID_HEAD,
        "role_assignments-1-area": world.east_grid.pk,
        "role_assignments-1-duty": "网格长",
    }
    response = back_office.post(f"/admin/accounts/user/{worker.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(worker.role_assignments.values_list("role", flat=True)) == [Role.GRID_HEAD]
    created = AuditEntry.objects.get(action="admin.accounts.roleassignment.create")
    assert created.changes["role"] == [None, "grid_head"]
    assert created.changes["duty"] == [None, "网格长"]
    # Fields are named as update entries name them: a foreign key by its name, not `_id`.
    assert created.changes["area"] == [None, world.east_grid.pk]
    assert not any(name.endswith("_id") for name in created.changes)
    assert created.area_code == world.east_grid.code
    deleted = AuditEntry.objects.get(action="admin.accounts.roleassignment.delete")
    assert deleted.changes["role"] == ["grid_worker", None]
    assert not AuditEntry.objects.filter(action="admin.accounts.user.update").exists()


def test_it_audits_deletions_and_never_logs_password_hashes(world, back_office):
    response = back_office.post(
        "/admin/accounts/user/add/",
        {
            "phone": "13655556666",
            "name": "新用户",
            "password1": "a-b-c-2026-x",
            "password2": "a-b-c-2026-x",
            "role_assignments-TOTAL_FORMS": "0",
            "role_assignments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = AuditEntry.objects.get(action="admin.accounts.user.create")
    assert created.changes["password"] == [None, "***"]
    assert created.changes["phone"] == [None, "136****6666"]
    assignment = RoleAssignment.objects.get(user=world.users["outsider"])
    response = back_office.post(
        f"/admin/accounts/roleassignment/{assignment.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.accounts.roleassignment.delete")
    assert entry.area_code == world.west_grid.code
