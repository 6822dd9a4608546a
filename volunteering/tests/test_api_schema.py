"""Every volunteering endpoint answers bad input with one of its declared responses, never a
500: empty bodies, wrong types, booleans for numbers, unknown ids, very long strings."""

from __future__ import annotations

import json

import pytest

from volunteering import actions

pytestmark = pytest.mark.django_db

BASE = "/api/v1/volunteering"
BODIES = [
    {},
    {"title": True, "rating": True, "lon": True, "lat": "x", "team_id": True},
    {"rating": 9, "lon": 500, "lat": -500, "reason": "", "volunteer_id": 999999},
    {
        "community_code": "000",
        "title": "x" * 5000,
        "category": "nope",
        "need_id": 999999,
        "resource_id": 999999,
        "service_id": 999999,
        "beneficiary_name": "",
        "beneficiary_kind": "alien",
        "kind": "nope",
        "households": -1,
        "service_menu": "",
    },
    [],
]


def test_it_answers_only_declared_responses_to_bad_input(v, login, client) -> None:
    order = v.published()
    actions.do_take_order(order, actor=v.vol_user)
    schema = client.get("/api/v1/openapi.json").json()
    paths = {p: ops for p, ops in schema["paths"].items() if p.startswith(BASE)}
    assert len(paths) > 20
    checked = 0
    for user in (v.vol_user, v.staff):
        login(user)
        for path, ops in paths.items():
            url = path.replace("{pk}", str(order.pk)).replace("{event}", "start")
            for method, op in ops.items():
                declared = set(op["responses"])
                if method == "get":
                    r = client.get(url)
                    assert r.status_code != 500 and str(r.status_code) in declared, (url, r)
                    checked += 1
                    continue
                for body in BODIES:
                    data = body if isinstance(body, str) else json.dumps(body)
                    r = client.generic(method.upper(), url, data, content_type="application/json")
                    assert r.status_code < 500, (method, url, body, r.content[:300])
                    assert str(r.status_code) in declared, (method, url, body, r.status_code)
                    checked += 1
    assert checked > 200
