from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from cases.models import Case
from cases.open311 import demo
from cases.open311.actions import authenticate, do_issue_api_key
from cases.open311.models import ApiKey, hash_key
from cases.open311.tests.helpers import post
from core.models import AuditEntry


def _issue(*args: str) -> str:
    out = StringIO()
    call_command("create_api_key", *args, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def test_it_prints_a_new_key_once_and_stores_only_its_hash(world: Any) -> None:
    key = _issue("Fix app")
    api_key = ApiKey.objects.get(name="Fix app")
    assert api_key.key_hash == hash_key(key)
    assert key not in str(list(ApiKey.objects.values()))
    assert api_key.user.phone.startswith("1990311")
    assert not api_key.user.has_usable_password()
    assert authenticate(key) == api_key
    assert AuditEntry.objects.filter(action="open311.issue_key").count() == 2


def test_it_issues_keys_that_create_requests(client: Any, world: Any) -> None:
    world.api_key = _issue("Fix app", "--user", world.users["resident"].phone)
    assert post(client, world).status_code == 201
    assert Case.objects.get().reporter == world.users["resident"]


def test_it_issues_a_key_limited_to_an_area(world: Any) -> None:
    _issue("East app", "--area", world.east.code)
    assert ApiKey.objects.get(name="East app").area == world.east


@pytest.mark.parametrize(
    "args", [("X", "--area", "999"), ("X", "--user", "13000000000"), ("",), ("x" * 101,)]
)
def test_it_refuses_bad_arguments_and_stores_nothing(world: Any, args: tuple[str, ...]) -> None:
    keys = ApiKey.objects.count()
    from accounts.models import User

    users = User.objects.count()
    with pytest.raises(CommandError):
        call_command("create_api_key", *args, stdout=StringIO())
    assert ApiKey.objects.count() == keys
    assert User.objects.count() == users


def test_it_refuses_an_inactive_account(world: Any) -> None:
    from core.refusal import Refusal

    user = world.users["resident"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    with pytest.raises(Refusal):
        do_issue_api_key(name="x", user=user, actor=None)


def test_it_issues_keys_in_the_admin_and_shows_the_key_once(world: Any, login: Any) -> None:
    admin = world.users["admin"]
    admin.is_staff = True
    admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    client = login(admin)
    response = client.post(
        "/admin/open311/apikey/add/",
        {"name": "Admin app", "user": world.users["resident"].pk, "area": ""},
        follow=True,
    )
    assert response.status_code == 200
    api_key = ApiKey.objects.get(name="Admin app")
    shown = [str(m) for m in response.context["messages"]]
    key = next(s for s in shown if api_key.prefix in s).split(" ")
    assert any(authenticate(word.strip("—,.")) == api_key for word in key)
    listing = client.get("/admin/open311/apikey/")
    assert listing.status_code == 200
    client.post(
        "/admin/open311/apikey/",
        {"action": "deactivate", "_selected_action": [api_key.pk]},
    )
    api_key.refresh_from_db()
    assert api_key.active is False


def test_it_prints_the_demo_key_that_the_demo_made(world: Any) -> None:
    ctx = type("Ctx", (), {"data": {"district": world.district}})()
    demo.generate(ctx)
    demo.generate(ctx)  # idempotent
    assert ApiKey.objects.filter(key_hash=hash_key(demo.demo_key())).count() == 1
    assert any(demo.demo_key() in line for line in demo.describe(ctx))
    assert authenticate(demo.demo_key()) is not None
