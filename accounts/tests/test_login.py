from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import AuditEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_logs_in_with_phone_and_password(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": "13700000002", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_it_refuses_a_wrong_password(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": "13700000002", "password": "nope"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_stores_passwords_hashed(world):
    user = world.users["community_staff"]
    assert PASSWORD not in user.password
    assert user.check_password(PASSWORD)


def test_it_sends_anonymous_visitors_to_login(client, world):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_it_issues_api_tokens_and_accepts_them(client, world):
    response = client.post(
        "/api/v1/accounts/token",
        {"phone": "13700000002", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 201
    token = response.json()["token"]
    issued = AuditEntry.objects.get(action="accounts.token.issue")
    assert issued.actor.phone == "13700000002" and issued.changes == {"name": [None, "app"]}
    assert token not in str(issued.changes) and issued.area_code
    me = client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert me.status_code == 200
    assert me.json()["roles"][0]["role"] == "community_staff"
    assert client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION="Bearer forged").status_code == 401
