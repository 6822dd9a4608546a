"""An office lifts the wait of an account it may manage (the page and the API, audited), so a
locked-out worker gets in at once; nobody lifts a higher-ranked or an outside account's wait,
and the server's operator lifts any (the only administrator's)."""

from __future__ import annotations

import time

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts import ratelimit
from accounts.roles import Role
from core.models import AuditEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def lock(user) -> None:
    for _ in range(5):
        Client().post(reverse("accounts:login"), {"username": user.phone, "password": "nope"})
    assert ratelimit.failures(user.phone).wait(time.time()) > 0


def logs_in(user) -> bool:
    answer = Client().post(
        reverse("accounts:login"), {"username": user.phone, "password": PASSWORD}
    )
    return answer.status_code == 302


def unlock_page(client, user):
    return client.post(reverse("accounts:unlock_login", args=[user.pk]))


def unlock_api(client, user):
    return client.post(f"/api/v1/accounts/people/{user.pk}/unlock-login")


def test_an_office_unlocks_its_worker_on_the_account_page(world, login):
    worker, staff = world.users["grid_worker"], world.users["community_staff"]
    lock(worker)
    assert not logs_in(worker)
    page = login(staff).get(reverse("accounts:person", args=[worker.pk]))
    assert "已连续登录失败 5 次" in page.content.decode()
    assert b"data-unlock-login" in page.content
    assert unlock_page(login(staff), worker).status_code == 302
    entry = AuditEntry.objects.get(action="accounts.user.unlock_login")
    assert entry.actor == staff and entry.object_id == str(worker.pk)
    assert entry.changes == {"failed_logins": [5, 0]} and entry.area_code == world.east_grid.code
    assert logs_in(worker)
    page = login(staff).get(reverse("accounts:person", args=[worker.pk]))
    assert b"data-unlock-login" not in page.content  # nothing left to lift


def test_an_office_unlocks_through_the_api(world, login):
    worker, staff = world.users["grid_worker"], world.users["community_staff"]
    lock(worker)
    answer = unlock_api(login(staff), worker)
    assert answer.status_code == 200 and answer.json() == {"unlocked": True}
    assert logs_in(worker)
    # Nothing to lift: said, not audited twice.
    assert unlock_api(login(staff), worker).json() == {"unlocked": False}
    assert AuditEntry.objects.filter(action="accounts.user.unlock_login").count() == 1


def test_nobody_unlocks_an_account_outside_their_part_of_the_district(world, login):
    outsider, staff = world.users["outsider"], world.users["community_staff"]
    lock(outsider)
    assert unlock_page(login(staff), outsider).status_code == 404
    assert unlock_api(login(staff), outsider).status_code == 404
    assert unlock_api(login(world.users["grid_worker"]), outsider).status_code == 404
    assert not logs_in(outsider)
    assert not AuditEntry.objects.filter(action="accounts.user.unlock_login").exists()


def test_nobody_unlocks_an_account_ranked_above_them_in_their_area(world, login):
    # Subdistrict staff posted to the east community: in its subtree, but above its office.
    higher = world.user(Role.SUBDISTRICT_STAFF, world.east, "13700000009", "街道下派干部")
    staff = world.users["community_staff"]
    lock(higher)
    page = login(staff).get(reverse("accounts:person", args=[higher.pk]))
    assert page.status_code == 200 and b"data-unlock-login" not in page.content
    assert unlock_api(login(staff), higher).status_code == 404
    assert not logs_in(higher)
    assert unlock_api(login(world.users["subdistrict_staff"]), higher).json() == {"unlocked": True}
    assert logs_in(higher)


def test_only_an_administrator_or_the_server_unlocks_an_administrator(world, login):
    admin = world.users["admin"]
    lock(admin)
    assert unlock_api(login(world.users["subdistrict_staff"]), admin).status_code == 404
    other = world.user(Role.ADMIN, world.district, "13700000010", "另一管理员")
    assert unlock_api(login(other), admin).json() == {"unlocked": True}
    lock(admin)
    call_command("unlock_login", admin.phone)
    assert logs_in(admin)
    by_server = AuditEntry.objects.filter(action="accounts.user.unlock_login", actor=None)
    assert by_server.count() == 1


def test_unlocking_leaves_the_addresses_counted(world, login, settings):
    settings.LOGIN_ADDRESS_LIMIT = 5
    worker, staff = world.users["grid_worker"], world.users["community_staff"]
    lock(worker)
    unlock_api(login(staff), worker)
    assert not logs_in(worker)  # the same (test) address failed five times
