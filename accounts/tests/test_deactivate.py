"""An office deactivates (and reactivates) an account in its part of the district: the account
can no longer log in, its sessions end and its app tokens are revoked; all audited."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken
from accounts.roles import Role
from core.models import AuditEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def token_for(user) -> str:
    response = Client().post(
        "/api/v1/accounts/token",
        {"phone": user.phone, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 201
    return response.json()["token"]


def set_active(client: Client, user, active: bool):
    return client.post(
        reverse("accounts:set_active", args=[user.pk]), {"active": "1" if active else "0"}
    )


def test_it_deactivates_a_worker_who_then_cannot_log_in_nor_use_the_app(world, login):
    worker = world.users["grid_worker"]
    token = token_for(worker)
    session = Client()
    session.force_login(worker)
    assert session.get(reverse("home")).status_code == 200

    staff = world.users["community_staff"]
    page = login(staff).get(reverse("accounts:person", args=[worker.pk]))
    assert b"data-deactivate" in page.content
    response = set_active(login(staff), worker, False)
    assert response.status_code == 302

    worker.refresh_from_db()
    assert not worker.is_active and not ApiToken.objects.filter(user=worker).exists()
    entry = AuditEntry.objects.get(action="accounts.user.deactivate")
    assert entry.actor == staff and entry.object_id == str(worker.pk)
    assert entry.changes == {"is_active": [True, False], "api_tokens_revoked": 1}
    assert entry.area_code == world.east_grid.code

    assert session.get(reverse("home")).status_code == 302  # the open session has ended
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert Client().get("/api/v1/accounts/me", **bearer).status_code == 401
    again = Client().post(
        "/api/v1/accounts/token",
        {"phone": worker.phone, "password": PASSWORD},
        content_type="application/json",
    )
    assert again.status_code == 401
    fresh = Client()
    fresh.post(reverse("accounts:login"), {"username": worker.phone, "password": PASSWORD})
    assert fresh.get(reverse("home")).status_code == 302

    listing = login(staff).get(reverse("accounts:people"))
    assert "已停用" in listing.content.decode()


def test_it_reactivates_an_account_which_logs_in_again(world, login):
    worker = world.users["grid_worker"]
    staff = world.users["community_staff"]
    set_active(login(staff), worker, False)
    page = login(staff).get(reverse("accounts:person", args=[worker.pk]))
    assert b"data-reactivate" in page.content
    assert set_active(login(staff), worker, True).status_code == 302
    worker.refresh_from_db()
    assert worker.is_active
    entry = AuditEntry.objects.get(action="accounts.user.activate")
    assert entry.changes == {"is_active": [False, True]} and entry.actor == staff
    fresh = Client()
    fresh.post(reverse("accounts:login"), {"username": worker.phone, "password": PASSWORD})
    assert fresh.get(reverse("home")).status_code == 200
    assert token_for(worker)


def test_it_refuses_accounts_outside_the_offices_subtree(world, login):
    staff = world.users["community_staff"]
    outsider = world.users["outsider"]  # a grid worker in the west community
    assert set_active(login(staff), outsider, False).status_code == 404
    # An account that also holds a role elsewhere belongs to another office as well.
    worker = world.users["grid_worker"]
    worker.role_assignments.create(role=Role.GRID_WORKER, area=world.west_grid)
    page = login(staff).get(reverse("accounts:person", args=[worker.pk]))
    assert page.status_code == 200 and b"data-deactivate" not in page.content
    assert set_active(login(staff), worker, False).status_code == 404
    # Nobody deactivates an account without managing users at all.
    assert (
        set_active(login(world.users["resident"]), world.users["grid_worker"], False).status_code
        == 404
    )
    outsider.refresh_from_db()
    worker.refresh_from_db()
    assert outsider.is_active and worker.is_active
    assert not AuditEntry.objects.filter(action__startswith="accounts.user.").exists()


def test_it_refuses_to_deactivate_ones_own_account(world, login, settings):
    staff = world.users["community_staff"]
    client = login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("accounts:person", args=[staff.pk]))
    assert b"data-deactivate" not in page.content
    response = set_active(client, staff, False)
    assert response.status_code == 302
    assert (
        "You cannot deactivate your own account."
        in client.get(response["Location"]).content.decode()
    )
    staff.refresh_from_db()
    assert staff.is_active and not AuditEntry.objects.exists()


def test_a_higher_office_deactivates_within_its_subtree(world, login):
    outsider = world.users["outsider"]
    assert set_active(login(world.users["subdistrict_staff"]), outsider, False).status_code == 302
    outsider.refresh_from_db()
    assert not outsider.is_active


def test_a_deactivated_worker_is_no_longer_shown_as_posted_on_the_grid(world, login):
    worker = world.users["grid_worker"]
    staff = world.users["community_staff"]
    grid_page = reverse("areas:area", args=[world.east_grid.code])
    grid_api = f"/api/v1/areas/grids/{world.east_grid.code}"
    assert worker.name in login(staff).get(grid_page).content.decode()
    set_active(login(staff), worker, False)
    assert worker.name not in login(staff).get(grid_page).content.decode()
    assert login(staff).get(grid_api).json()["workers"] == []
    set_active(login(staff), worker, True)
    assert [w["name"] for w in login(staff).get(grid_api).json()["workers"]] == [worker.name]


def test_it_lists_deactivated_accounts_apart(world, login):
    staff = world.users["community_staff"]
    worker = world.users["grid_worker"]
    set_active(login(staff), worker, False)
    people = reverse("accounts:people")

    def listed(status: str) -> str:
        body = login(staff).get(people, {"status": status}).content.decode()
        return body[body.index('id="people"') :]

    inactive, active = listed("inactive"), listed("active")
    assert worker.name in inactive and staff.name not in inactive
    assert worker.name not in active and staff.name in active


def test_a_token_revoked_by_another_process_is_refused_here(world, settings):
    """Another server process that deletes a token clears every process's token memo through
    the shared cache (here within the test's interval of 0 s; in production 1 s)."""
    import os
    import subprocess
    import sys

    from accounts.models import ApiToken

    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        pytest.skip("a per-process cache is configured")
    _row, token = ApiToken.issue(world.users["resident"], "phone")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert Client().get("/api/v1/accounts/me", **bearer).status_code == 200  # memoised now
    ApiToken.objects.filter(user=world.users["resident"]).update(key_hash="revoked")  # no signal
    assert Client().get("/api/v1/accounts/me", **bearer).status_code == 200  # still memoised
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="linli.settings")
    if location := settings.CACHES["default"].get("LOCATION"):
        env["LINLI_CACHE_DIR"] = location
    subprocess.run(  # the process that deleted the token forgets it
        [
            sys.executable,
            "-c",
            "import django; django.setup(); import linli.api as a; a.forget_tokens()",
        ],
        env=env,
        check=True,
        cwd=settings.BASE_DIR,
    )
    assert Client().get("/api/v1/accounts/me", **bearer).status_code == 401
