"""Sessions end with the browser and after SESSION_COOKIE_AGE; users change their own password."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _log_in(client, phone="13700000002", password=PASSWORD):
    response = client.post(reverse("accounts:login"), {"username": phone, "password": password})
    assert response.status_code == 302, response.content.decode()[:300]


def test_it_gives_a_session_cookie_that_ends_with_the_browser(client, world, settings):
    _log_in(client)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert client.session.get_expire_at_browser_close()


def test_it_ends_a_session_after_its_age_even_if_the_browser_stays_open(client, world, settings):
    settings.SESSION_COOKIE_AGE = 3600
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _log_in(client)
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=59), tick=False):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_lets_a_user_change_their_own_password_and_stay_signed_in(client, world):
    _log_in(client, "13700000001")
    response = client.post(
        reverse("accounts:password"),
        {
            "old_password": PASSWORD,
            "new_password1": "my-own-secret-2026",
            "new_password2": "my-own-secret-2026",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200  # still signed in
    worker = world.users["grid_worker"]
    worker.refresh_from_db()
    assert worker.check_password("my-own-secret-2026")
    entry = AuditEntry.objects.get(action="accounts.user.change_password")
    assert entry.actor == worker and entry.area_code == world.east_grid.code
    assert "my-own-secret-2026" not in str(entry.changes)
    client.logout()
    _log_in(client, "13700000001", "my-own-secret-2026")


def test_it_refuses_a_wrong_old_password(client, world):
    _log_in(client, "13700000001")
    response = client.post(
        reverse("accounts:password"),
        {"old_password": "nope", "new_password1": "x-y-z-2026-a", "new_password2": "x-y-z-2026-a"},
    )
    assert response.status_code == 200
    world.users["grid_worker"].refresh_from_db()
    assert world.users["grid_worker"].check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="accounts.user.change_password").exists()


def test_it_asks_anonymous_visitors_to_log_in_before_changing_a_password(client, world):
    response = client.get(reverse("accounts:password"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_expires_an_api_token_left_unused(client, world, settings):
    from accounts.models import ApiToken

    settings.LINLI_API_TOKEN_IDLE_DAYS = 30
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _token, key = ApiToken.issue(world.users["grid_worker"], "app")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    with time_machine.travel(start + dt.timedelta(days=29), tick=False):
        assert client.get("/api/v1/accounts/me", **auth).status_code == 200
    with time_machine.travel(start + dt.timedelta(days=58), tick=False):
        assert client.get("/api/v1/accounts/me", **auth).status_code == 200  # used on day 29
    with time_machine.travel(start + dt.timedelta(days=89), tick=False):
        assert client.get("/api/v1/accounts/me", **auth).status_code == 401


def test_it_drops_app_tokens_when_the_password_changes(client, world, login):
    from accounts.models import ApiToken

    worker = world.users["grid_worker"]
    _token, key = ApiToken.issue(worker, "app")
    login(world.users["community_staff"]).post(
        reverse("accounts:set_password", args=[worker.pk]), {"password": "fresh-pass-2026"}
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    client.logout()
    assert client.get("/api/v1/accounts/me", **auth).status_code == 401
    _token, key = ApiToken.issue(worker, "app")
    _log_in(client, worker.phone, "fresh-pass-2026")
    client.post(
        reverse("accounts:password"),
        {
            "old_password": "fresh-pass-2026",
            "new_password1": "mine-now-2026",
            "new_password2": "mine-now-2026",
        },
    )
    client.logout()
    assert client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    assert not ApiToken.objects.filter(user=worker).exists()
