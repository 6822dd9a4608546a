"""An office gives each worker an account that sees exactly its part of the district."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from core.models import AuditEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW = {
    "phone": "13912340000",
    "name": "新网格员",
    "password": "grid-worker-2026",
    "role": Role.GRID_WORKER,
    "duty": "巡查走访",
}


def test_it_creates_a_workers_account_that_sees_exactly_its_grid(world, login, client):
    staff = world.users["community_staff"]
    response = login(staff).post(reverse("accounts:new"), {**NEW, "area": world.east_grid.code})
    worker = User.objects.get(phone=NEW["phone"])
    assert response.status_code == 302 and response["Location"] == f"/accounts/people/{worker.pk}/"
    assert worker.name == "新网格员" and not worker.is_staff and not worker.is_superuser
    assert NEW["password"] not in worker.password and worker.check_password(NEW["password"])
    assignment = worker.role_assignments.get()
    assert (assignment.role, assignment.area, assignment.duty) == (
        Role.GRID_WORKER,
        world.east_grid,
        "巡查走访",
    )
    entries = {e.action: e for e in AuditEntry.objects.filter(action__startswith="accounts.")}
    assert entries["accounts.user.create"].actor == staff
    assert entries["accounts.user.create"].changes["phone"] == [None, "139****0000"]
    assert entries["accounts.role.grant"].changes["role"] == [None, "grid_worker"]
    assert {e.area_code for e in entries.values()} == {world.east_grid.code}

    client.logout()
    client.post(reverse("accounts:login"), {"username": NEW["phone"], "password": NEW["password"]})
    own = client.get(f"/api/v1/areas/households?area={world.east_grid.code}").json()
    assert {h["code"] for h in own["items"]} == {h.code for h in world.east_households}
    assert client.get(reverse("areas:area", args=[world.west_grid.code])).status_code == 404


def test_it_refuses_an_area_outside_the_offices_subtree_and_stores_nothing(world, login):
    client = login(world.users["community_staff"])
    for code in (world.west_grid.code, world.subdistrict.code, "999999"):
        response = client.post(reverse("accounts:new"), {**NEW, "area": code})
        assert response.status_code == 400
        assert "您的管辖范围内没有这个编码的区域。" in response.content.decode()
    assert not User.objects.filter(phone=NEW["phone"]).exists()
    assert not AuditEntry.objects.filter(action__startswith="accounts.").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"phone": "13700000001"}, "An account with this phone number already exists;"),
        ({"phone": "12345"}, "Enter an 11-digit mobile number starting with 1."),
        ({"password": "123"}, "This password is too short."),
    ],
)
def test_it_refuses_bad_accounts_with_a_clear_message(world, login, settings, change, message):
    client = login(world.users["community_staff"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("accounts:new"), {**NEW, "area": world.east_grid.code, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.count() == 6 and RoleAssignment.objects.count() == 6


def test_it_lets_only_administrators_grant_the_administrator_role(world, login):
    staff = world.users["community_staff"]
    response = login(staff).post(
        reverse("accounts:new"), {**NEW, "role": Role.ADMIN, "area": world.east.code}
    )
    assert response.status_code == 400
    assert not User.objects.filter(phone=NEW["phone"]).exists()
    worker = world.users["grid_worker"]
    response = login(staff).post(
        reverse("accounts:grant", args=[worker.pk]), {"role": Role.ADMIN, "area": world.east.code}
    )
    assert response.status_code == 400
    assert not worker.role_assignments.filter(role=Role.ADMIN).exists()
    response = login(world.users["admin"]).post(
        reverse("accounts:grant", args=[worker.pk]), {"role": Role.ADMIN, "area": world.east.code}
    )
    assert response.status_code == 302
    assert worker.role_assignments.filter(role=Role.ADMIN, area=world.east).exists()


def test_it_lists_only_the_accounts_of_the_offices_subtree(world, login):
    client = login(world.users["community_staff"])
    body = client.get(reverse("accounts:people")).content.decode()
    for key in ("grid_worker", "community_staff", "resident"):
        assert world.users[key].name in body, key
    for key in ("outsider", "subdistrict_staff", "admin"):
        assert world.users[key].name not in body, key
    wide = login(world.users["subdistrict_staff"]).get(reverse("accounts:people"))
    assert world.users["outsider"].name in wide.content.decode()


def test_it_hides_accounts_outside_the_subtree(world, login):
    outsider = world.users["outsider"]
    client = login(world.users["community_staff"])
    assignment = outsider.role_assignments.get()
    assert client.get(reverse("accounts:person", args=[outsider.pk])).status_code == 404
    grant = client.post(
        reverse("accounts:grant", args=[outsider.pk]),
        {"role": Role.GRID_WORKER, "area": world.east_grid.code},
    )
    assert grant.status_code == 404
    revoke = client.post(reverse("accounts:revoke", args=[outsider.pk, assignment.pk]))
    assert revoke.status_code == 404
    password = client.post(
        reverse("accounts:set_password", args=[outsider.pk]), {"password": "new-pass-2026"}
    )
    assert password.status_code == 404
    assert outsider.role_assignments.get() == assignment and outsider.check_password(PASSWORD)


@pytest.mark.parametrize("persona", ["grid_worker", "resident", "outsider"])
def test_it_keeps_the_account_pages_from_non_offices(world, login, persona):
    client = login(world.users[persona])
    assert client.get(reverse("accounts:people")).status_code == 404
    assert client.get(reverse("accounts:new")).status_code == 404


def test_it_grants_and_revokes_roles_with_audit_entries(world, login):
    worker = world.users["grid_worker"]
    client = login(world.users["community_staff"])
    response = client.post(
        reverse("accounts:grant", args=[worker.pk]),
        {"role": Role.BUILDING_HEAD, "area": world.east_grid.code, "duty": "1幢"},
    )
    assert response.status_code == 302
    added = worker.role_assignments.get(role=Role.BUILDING_HEAD)
    again = client.post(
        reverse("accounts:grant", args=[worker.pk]),
        {"role": Role.BUILDING_HEAD, "area": world.east_grid.code},
    )
    assert again.status_code == 400 and worker.role_assignments.count() == 2
    client.post(reverse("accounts:revoke", args=[worker.pk, added.pk]))
    assert not worker.role_assignments.filter(role=Role.BUILDING_HEAD).exists()
    revoked = AuditEntry.objects.get(action="accounts.role.revoke")
    assert revoked.changes == {
        "role": ["building_head", None],
        "area": [world.east_grid.code, None],
    }
    assert revoked.area_code == world.east_grid.code


def test_it_does_not_let_an_office_revoke_its_own_role(world, login):
    staff = world.users["community_staff"]
    own = staff.role_assignments.get()
    login(staff).post(reverse("accounts:revoke", args=[staff.pk, own.pk]))
    assert staff.role_assignments.filter(pk=own.pk).exists()


def test_it_sets_an_initial_password_only_for_accounts_wholly_inside_the_subtree(world, login):
    worker = world.users["grid_worker"]
    client = login(world.users["community_staff"])
    page = client.get(reverse("accounts:person", args=[worker.pk])).content.decode()
    assert 'id="set-password"' in page
    response = client.post(
        reverse("accounts:set_password", args=[worker.pk]), {"password": "fresh-pass-2026"}
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.check_password("fresh-pass-2026")
    entry = AuditEntry.objects.get(action="accounts.user.set_password")
    assert "fresh-pass-2026" not in str(entry.changes)
    # Someone who also holds a role elsewhere is for the wider office to reset.
    RoleAssignment.objects.create(user=worker, role=Role.VOLUNTEER, area=world.west)
    page = client.get(reverse("accounts:person", args=[worker.pk])).content.decode()
    assert 'id="set-password"' not in page
    # The role elsewhere is counted, not shown.
    assert 'id="elsewhere"' in page and world.west.name not in page
    response = client.post(
        reverse("accounts:set_password", args=[worker.pk]), {"password": "other-pass-2026"}
    )
    assert response.status_code == 404
    worker.refresh_from_db()
    assert worker.check_password("fresh-pass-2026")


def test_it_lists_accounts_in_a_fixed_number_of_queries(
    world, login, django_assert_max_num_queries
):
    for n in range(30):
        world.user(Role.GRID_WORKER_PART, world.east_grid, f"1350000{n:04d}", f"兼职{n}")
    client = login(world.users["community_staff"])
    with django_assert_max_num_queries(8):
        body = client.get(reverse("accounts:people")).content.decode()
    assert "兼职29" in body and body.count("/accounts/people/") >= 33


def test_it_takes_back_a_worker_whose_roles_were_all_revoked(world, login):
    """A worker moves from the west community to the east: the west revokes, the east posts."""
    mover = world.users["outsider"]
    west = world.users["subdistrict_staff"]
    login(west).post(reverse("accounts:revoke", args=[mover.pk, mover.role_assignments.get().pk]))
    assert not mover.role_assignments.exists()
    response = login(world.users["community_staff"]).post(
        reverse("accounts:new"),
        {**NEW, "phone": mover.phone, "name": "另一个名字", "area": world.east_grid.code},
    )
    assert response.status_code == 302
    mover.refresh_from_db()
    assert mover.name == "西网格员" and mover.check_password(PASSWORD)
    assert list(mover.role_assignments.values_list("area__code", flat=True)) == [
        world.east_grid.code
    ]
    assert AuditEntry.objects.filter(
        action="accounts.user.repost", object_id=str(mover.pk)
    ).exists()
