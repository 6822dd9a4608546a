"""Failed logins: an account waits, longer after each further failure; an address is limited
only loosely (read behind a trusted proxy); the login page, the admin's login and the token
endpoint count alike, and the refusal says in Chinese how long to wait."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts import ratelimit
from core.models import AuditEntry
from core.refusal import TooMany
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

WORKER, STAFF = "13700000001", "13700000002"
START = "2026-03-02 09:00 +0800"  # on a 15-minute boundary
WRONG = "手机号或密码错误"


def _login(client, phone, password, **extra):
    return client.post(
        reverse("accounts:login"), {"username": phone, "password": password}, **extra
    )


def _token(client, phone, password, **extra):
    body = {"phone": phone, "password": password}
    return client.post("/api/v1/accounts/token", body, content_type="application/json", **extra)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_it_does_not_lock_other_accounts_out_of_a_shared_address(client, world):
    for _ in range(5):
        assert WRONG in _login(client, WORKER, "nope").content.decode()
    assert _login(client, STAFF, PASSWORD).status_code == 302
    assert _logged_in(client)


def test_an_account_waits_after_five_failures_and_is_told_how_long(client, world, time_machine):
    time_machine.move_to(START, tick=False)
    for _ in range(5):
        _login(client, STAFF, "nope")
    refused = _login(client, STAFF, PASSWORD)
    assert not _logged_in(client)
    assert "登录失败次数过多，请 1 分钟后再试。" in refused.content.decode()
    time_machine.shift(59)
    assert not _logged_in(client) and _login(client, STAFF, PASSWORD).status_code == 200
    time_machine.shift(1)
    assert _login(client, STAFF, PASSWORD).status_code == 302


def test_each_further_failure_doubles_the_wait_up_to_the_cap(client, world, time_machine, settings):
    settings.LOGIN_MAX_WAIT = 300
    time_machine.move_to(START, tick=False)
    for _ in range(5):
        _login(client, STAFF, "nope")
    for wait, minutes in ((60, 1), (120, 2), (240, 4), (300, 5), (300, 5)):
        said = _login(client, STAFF, PASSWORD).content.decode()
        assert f"请 {minutes} 分钟后再试" in said, (wait, said)
        time_machine.shift(wait)
        assert WRONG in _login(client, STAFF, "nope").content.decode()
    assert not _logged_in(client)


def test_a_successful_login_or_a_quiet_day_forgets_the_failures(client, world, time_machine):
    time_machine.move_to(START, tick=False)
    for _ in range(4):
        _login(client, STAFF, "nope")
    time_machine.shift(24 * 3600 + 1)
    for _ in range(4):
        _login(client, STAFF, "nope")
    assert _login(client, STAFF, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, STAFF, "nope")
    assert _login(client, STAFF, PASSWORD).status_code == 302


def test_an_address_may_fail_many_times_then_waits_for_its_window(
    client, world, time_machine, settings
):
    settings.LOGIN_ADDRESS_LIMIT = 8
    time_machine.move_to(START, tick=False)
    for n in range(8):
        _login(client, f"1380000{n:04d}", "nope")
    refused = _login(client, STAFF, PASSWORD)
    assert not _logged_in(client)
    assert "您所在网络的登录失败次数过多，请 15 分钟后再试。" in refused.content.decode()
    time_machine.shift(900)
    assert _login(client, STAFF, PASSWORD).status_code == 302


def test_behind_a_trusted_proxy_each_client_is_counted_apart(client, world, settings):
    settings.LOGIN_ADDRESS_LIMIT = 3
    settings.LINLI_TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(3):
        _login(client, f"1380000000{n}", "nope", HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    # Another client behind the same proxy gets in, and is audited with its own address.
    answer = _token(client, STAFF, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)
    assert answer.status_code == 201
    assert AuditEntry.objects.get(action="accounts.token.issue").ip == "198.51.100.2"
    # The failing client stays stopped, whatever it writes into the header itself.
    forged = "203.0.113.9, 198.51.100.1"
    refused = _login(client, STAFF, PASSWORD, HTTP_X_FORWARDED_FOR=forged, **proxy)
    assert not _logged_in(client) and "您所在网络" in refused.content.decode()


def test_without_trusted_proxies_the_forwarded_header_is_ignored(client, world, settings):
    settings.LOGIN_ADDRESS_LIMIT = 3
    settings.LINLI_TRUSTED_PROXIES = []
    direct = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(3):
        _login(client, f"1380000000{n}", "nope", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}", **direct)
    refused = _login(client, STAFF, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.9", **direct)
    assert not _logged_in(client) and "您所在网络" in refused.content.decode()


def test_the_token_endpoint_counts_with_the_login_page_and_answers_429(client, world, time_machine):
    time_machine.move_to(START, tick=False)
    for _ in range(3):
        _login(client, STAFF, "nope")
    for _ in range(2):
        assert _token(client, STAFF, "nope").status_code == 401
    refused = _token(client, STAFF, PASSWORD)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert refused.json() == {"detail": "登录失败次数过多，请 1 分钟后再试。", "field": ""}
    time_machine.shift(60)
    assert _token(client, STAFF, PASSWORD).status_code == 201


def test_the_admin_login_counts_and_waits_too(client, world):
    admin = world.users["admin"]
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    for _ in range(5):
        client.post("/admin/login/", {"username": admin.phone, "password": "nope"})
    refused = client.post("/admin/login/", {"username": admin.phone, "password": PASSWORD})
    assert not _logged_in(client) and "分钟后再试" in refused.content.decode()
    # Only admin site users log in there; the others are refused as before.
    refused = client.post("/admin/login/", {"username": STAFF, "password": PASSWORD})
    assert not _logged_in(client) and refused.status_code == 200


def test_the_admin_login_still_lets_admin_site_users_in(client, world):
    admin = world.users["admin"]
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    answer = client.post("/admin/login/", {"username": admin.phone, "password": PASSWORD})
    assert answer.status_code == 302 and _logged_in(client)


def test_once_an_account_has_waited_requests_arriving_together_get_one_try(time_machine):
    time_machine.move_to(START, tick=False)
    for _ in range(5):
        ratelimit.failed(STAFF, "198.51.100.1")
    time_machine.shift(60)
    ratelimit.check(STAFF, "198.51.100.1")  # takes the one try
    with pytest.raises(TooMany) as refused:
        ratelimit.check(STAFF, "198.51.100.2")
    assert refused.value.status == 429 and refused.value.retry_after == 60
