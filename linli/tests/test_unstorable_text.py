"""Text PostgreSQL cannot store (a NUL character, a lone surrogate) is refused with a 400 before
any view runs, in the answer shape of the part of the site that was asked."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import RequestFactory

from core.text import find_unstorable, unstorable, unstorable_input

NUL = "\x00"
SURROGATE = "\ud800"


def post_json(client: Any, url: str, body: Any) -> Any:
    # json.dumps writes both as escapes ("\u0000", "\ud800"), as a client's JSON would.
    return client.post(url, json.dumps(body), content_type="application/json")


# The check itself, without a database.


def test_it_tells_unstorable_text_apart() -> None:
    assert unstorable("a\x00b") and unstorable("x\udfffy") and unstorable(SURROGATE)
    assert not unstorable("邻里 😀 \u2028 \ufffd")  # a whole surrogate pair is one character


def test_it_names_the_json_field_that_holds_it() -> None:
    assert find_unstorable({"a": "ok", "b": [1, {"c": "x\x00"}]}) == "b.1.c"
    assert find_unstorable({"k" + SURROGATE: 1}) == "k" + SURROGATE
    assert find_unstorable(NUL) == ""
    assert find_unstorable({"a": ["ok", 1, None, 2.5, True]}) is None


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda rf: rf.get("/areas/%00/"), "path"),
        (lambda rf: rf.get("/x", {"q": "a\x00"}), "q"),
        (lambda rf: rf.get("/x", HTTP_IDEMPOTENCY_KEY="k\x00"), "Idempotency-Key"),
        (lambda rf: rf.post("/x", {"title": "a\x00b"}), "title"),
        (lambda rf: rf.post("/x", "title=a%00b", "application/x-www-form-urlencoded"), "title"),
        (lambda rf: rf.post("/x", json.dumps({"o": {"t": SURROGATE}}), "application/json"), "o.t"),
        (lambda rf: rf.post("/x", json.dumps("a\x00").encode("utf-16"), "application/json"), ""),
    ],
)
def test_it_finds_it_in_every_part_of_a_request(build: Any, field: str) -> None:
    assert unstorable_input(build(RequestFactory())) == field


def test_it_finds_nothing_in_ordinary_requests() -> None:
    rf = RequestFactory()
    assert unstorable_input(rf.get("/x", {"q": "东社区 \\u0000"})) is None
    ordinary = rf.post("/x", json.dumps({"t": "\\u0000 邻里"}), "application/json")
    assert unstorable_input(ordinary) is None
    assert unstorable_input(rf.post("/x", "{not json \\u0000", "application/json")) is None


# The middleware's answers (any database).


@pytest.mark.django_db
def test_it_answers_the_api_with_its_error_body(client: Any) -> None:
    r = client.get("/api/v1/health?x=%00")
    assert r.status_code == 400
    assert r.json() == {"detail": r.json()["detail"], "field": "x"} and r.json()["detail"]
    r = post_json(client, "/api/v1/accounts/token", {"phone": "1", "password": SURROGATE})
    assert r.status_code == 400 and r.json()["field"] == "password"


@pytest.mark.django_db
def test_it_answers_open311_with_its_error_list(client: Any) -> None:
    r = client.get("/open311/v2/services/%00.json")
    assert r.status_code == 400 and r.json()[0]["code"] == 400
    r = client.get("/open311/v2/requests.xml?service_code=%00")
    assert r.status_code == 400 and b"<errors><error><code>400</code>" in r.content


@pytest.mark.django_db
def test_it_answers_a_page_with_a_page(world: Any, login: Any) -> None:
    client = login(world.users["community_staff"])
    r = client.get("/cases/?q=%00")
    assert r.status_code == 400 and "请求有误" in r.content.decode()
    assert client.get("/cases/?q=ok").status_code == 200


@pytest.mark.django_db
def test_it_answers_a_bad_session_cookie_without_reading_the_session(client: Any) -> None:
    client.cookies["sessionid"] = "abcdefgh\x00"
    r = client.get("/")
    assert r.status_code == 400 and r["Content-Type"].startswith("text/plain")


# What the outside tester found: each of these was a 500 on PostgreSQL.


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/open311/v2/requests.json?service_code=%00",
        "/open311/v2/services/%00.json",
        "/open311/v2/requests/%00.json",
        "/api/v1/areas/households/%00",
        "/api/v1/areas/buildings/%00",
        "/areas/?q=%00",
        "/areas/h/%00/",
    ],
)
def test_it_refuses_unstorable_text_in_urls_on_postgresql(world: Any, login: Any, url: str) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite stores NUL and lone surrogates")
    client = login(world.users["community_staff"])
    assert client.get(url).status_code == 400


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/volunteering/orders", {"title": "a\x00b"}, "title"),
        (
            "/api/v1/cases/",
            {"category": "x", "description": "d", "building_code": SURROGATE},
            "building_code",
        ),
    ],
)
def test_it_refuses_unstorable_text_in_bodies_on_postgresql(
    world: Any, login: Any, url: str, body: dict[str, Any], field: str
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite stores NUL and lone surrogates")
    client = login(world.users["resident"])
    r = post_json(client, url, body)
    assert r.status_code == 400 and r.json()["field"] == field
