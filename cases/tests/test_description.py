"""A description may be 4,000 characters long (as Open311 allows) on every channel; one
more is refused clearly and stores nothing."""

import json
from typing import Any

import pytest

from cases.models import Case, CaseTransition
from cases.open311.actions import do_issue_api_key, service_account
from cases.open311.models import Open311Request
from cases.tests.helpers import EAST
from core.models import AuditEntry, Notification

LONGEST = "长" * 4000


def _nothing_stored() -> None:
    assert Case.objects.count() == 0
    assert CaseTransition.objects.count() == 0
    assert Open311Request.objects.count() == 0
    assert Notification.objects.count() == 0
    assert not AuditEntry.objects.filter(action="case.report").exists()


def _api(client: Any, description: str) -> Any:
    body = {"category": "S0101", "description": description, "lon": EAST[0], "lat": EAST[1]}
    return client.post("/api/v1/cases/", body, content_type="application/json")


def _form(client: Any, description: str) -> Any:
    body = {"category": "S0101", "description": description, "lon": EAST[0], "lat": EAST[1]}
    return client.post("/cases/report/", body)


def _open311(client: Any, description: str) -> Any:
    _key, key = do_issue_api_key(name="client", user=service_account("client"), actor=None)
    body = {
        "api_key": key,
        "service_code": "S0101",
        "lat": str(EAST[1]),
        "long": str(EAST[0]),
        "description": description,
    }
    return client.post("/open311/v2/requests.json", body)


def test_it_takes_4000_characters_on_every_channel(world: Any, login: Any) -> None:
    client = login(world.users["resident"])
    assert _api(client, LONGEST).status_code == 201
    assert _form(client, LONGEST).status_code == 302
    assert _open311(client, LONGEST).status_code == 201
    assert [len(d) for d in Case.objects.values_list("description", flat=True)] == [4000] * 3


def test_it_refuses_4001_characters_on_the_api(world: Any, login: Any) -> None:
    r = _api(login(world.users["resident"]), LONGEST + "长")
    assert r.status_code == 422
    assert "description" in json.dumps(r.json())
    assert "4000" in json.dumps(r.json())
    _nothing_stored()


def test_it_refuses_4001_characters_on_the_form(world: Any, login: Any) -> None:
    r = _form(login(world.users["resident"]), LONGEST + "长")
    assert r.status_code == 200
    assert "4000" in r.content.decode() and "4001" in r.content.decode()
    _nothing_stored()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_it_refuses_4001_characters_on_open311(world: Any, client: Any, fmt: str) -> None:
    _key, key = do_issue_api_key(name="client", user=service_account("client"), actor=None)
    r = client.post(
        f"/open311/v2/requests.{fmt}",
        {
            "api_key": key,
            "service_code": "S0101",
            "lat": str(EAST[1]),
            "long": str(EAST[0]),
            "description": LONGEST + "长",
        },
    )
    assert r.status_code == 400
    assert "description" in r.content.decode() and "4000" in r.content.decode()
    _nothing_stored()
