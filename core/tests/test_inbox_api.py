"""The inbox under /api/v1/inbox/ with an app's token: the caller's own messages only, newest
first, the unread filter and count, marking one or all read. Another user's message answers 404
and stays unread. Every answered status is declared in the OpenAPI."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import ApiToken
from core.models import Notification
from core.notify import notify

pytestmark = pytest.mark.django_db

URL = "/api/v1/inbox"
_schema: dict[str, Any] = {}


class App:
    """The client as a phone app: a bearer token on every request; each answer's status must
    be declared for its operation, and an error carries a `detail`."""

    def __init__(self, client: Any, user: Any) -> None:
        self.client = client
        _token, key = ApiToken.issue(user, "phone")
        self.headers = {"Authorization": f"Bearer {key}"}

    def call(self, method: str, template: str, data: Any = None, **ids: Any) -> Any:
        path = URL + template.format(**ids)
        if method == "get":
            r = self.client.get(path, data or {}, headers=self.headers)
        else:
            r = self.client.post(path, content_type="application/json", headers=self.headers)
        assert str(r.status_code) in declared(self.client, method, template), (
            template,
            r.status_code,
        )
        if r.status_code >= 400:
            assert r.json()["detail"]
        return r


def declared(client: Any, method: str, template: str) -> set[str]:
    if not _schema:
        _schema.update(client.get("/api/v1/openapi.json").json())
    path = URL + template.replace("{id}", "{notification_id}")
    return set(_schema["paths"][path][method]["responses"])


def message(user: Any, title: str, *, minutes_ago: int = 0, read: bool = False) -> Notification:
    note = notify([user], title, "正文", "/cases/1/")[0]
    created = timezone.now() - dt.timedelta(minutes=minutes_ago)
    Notification.objects.filter(pk=note.pk).update(
        created=created, read_at=created if read else None
    )
    note.refresh_from_db()
    return note


@pytest.fixture
def me(world: Any) -> Any:
    return world.users["resident"]


@pytest.fixture
def app(client: Any, me: Any) -> App:
    return App(client, me)


def test_it_lists_only_my_messages_newest_first(world, me, app):
    old = message(me, "旧", minutes_ago=30, read=True)
    new = message(me, "新", minutes_ago=1)
    message(world.users["outsider"], "别人的")
    got = app.call("get", "/").json()
    assert got["count"] == 2 and got["page"] == 1
    assert [n["id"] for n in got["results"]] == [new.pk, old.pk]
    first = got["results"][0]
    assert first["title"] == "新" and first["body"] == "正文" and first["url"] == "/cases/1/"
    assert first["read"] is False and first["read_at"] is None
    assert got["results"][1]["read"] is True


def test_it_pages_the_list(me, app):
    notes = [message(me, f"m{i}", minutes_ago=i) for i in range(5)]
    got = app.call("get", "/", {"page": 2, "page_size": 2}).json()
    assert got["count"] == 5 and got["page"] == 2 and got["page_size"] == 2
    assert [n["id"] for n in got["results"]] == [notes[2].pk, notes[3].pk]
    assert app.call("get", "/", {"page": 9, "page_size": 2}).json()["results"] == []


def test_it_refuses_a_bad_page(app):
    assert app.call("get", "/", {"page": 0}).status_code == 422
    assert app.call("get", "/", {"page_size": 500}).status_code == 422
    assert app.call("get", "/", {"page_size": "many"}).status_code == 422
    assert app.call("get", "/", {"page": "true"}).status_code == 422
    assert app.call("get", "/", {"page": 10**20}).status_code == 422
    assert app.call("get", "/", {"unread": "maybe"}).status_code == 422


def test_it_refuses_a_malformed_or_unknown_id(app):
    assert app.call("post", "/{id}/read", id="abc").status_code == 422
    assert app.call("post", "/{id}/read", id=10**20).status_code == 404


def test_it_filters_unread(me, app):
    message(me, "读过", read=True)
    unread = message(me, "未读")
    got = app.call("get", "/", {"unread": "true"}).json()
    assert got["count"] == 1 and [n["id"] for n in got["results"]] == [unread.pk]
    assert app.call("get", "/", {"unread": "false"}).json()["count"] == 2


def test_it_counts_my_unread_messages(world, me, app):
    message(me, "a")
    message(me, "b")
    message(me, "c", read=True)
    message(world.users["outsider"], "别人的")
    assert app.call("get", "/unread-count").json() == {"unread": 2}


def test_it_marks_one_read_and_again_keeps_the_first_time(me, app):
    note = message(me, "a")
    other = message(me, "b")
    first = app.call("post", "/{id}/read", id=note.pk)
    assert first.status_code == 200
    assert first.json()["id"] == note.pk and first.json()["read"] is True
    note.refresh_from_db()
    read_at = note.read_at
    assert read_at is not None
    again = app.call("post", "/{id}/read", id=note.pk)
    assert again.status_code == 200
    note.refresh_from_db()
    assert note.read_at == read_at
    other.refresh_from_db()
    assert other.read_at is None
    assert app.call("get", "/unread-count").json() == {"unread": 1}


def test_it_marks_all_mine_read(world, me, app):
    earlier = message(me, "早就读过", minutes_ago=60, read=True)
    message(me, "a")
    message(me, "b")
    theirs = message(world.users["outsider"], "别人的")
    assert app.call("post", "/read").json() == {"marked": 2}
    assert not Notification.objects.filter(user=me, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=earlier.pk).read_at == earlier.read_at
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert app.call("post", "/read").json() == {"marked": 0}
    assert app.call("get", "/unread-count").json() == {"unread": 0}


def test_it_refuses_another_users_message_and_leaves_it_unread(world, app):
    theirs = message(world.users["outsider"], "别人的")
    refused = app.call("post", "/{id}/read", id=theirs.pk)
    assert refused.status_code == 404
    assert refused.json() == {"detail": "没有这条消息。", "field": ""}
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert app.call("post", "/{id}/read", id=theirs.pk + 1000).status_code == 404


def test_its_refusal_speaks_the_callers_language(world, client, app):
    theirs = message(world.users["outsider"], "别人的")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    refused = app.call("post", "/{id}/read", id=theirs.pk)
    assert refused.json() == {"detail": "No such message.", "field": ""}


@pytest.mark.parametrize(
    ("method", "template"),
    [("get", "/"), ("get", "/unread-count"), ("post", "/read"), ("post", "/{id}/read")],
)
def test_it_needs_a_token(world, me, client, method, template):
    note = message(me, "a")
    path = URL + template.format(id=note.pk)
    bad = {"Authorization": "Bearer forged"}
    for headers in ({}, bad):
        if method == "get":
            r = client.get(path, headers=headers)
        else:
            r = client.post(path, content_type="application/json", headers=headers)
        assert r.status_code == 401
        assert str(r.status_code) in declared(client, method, template)
    assert Notification.objects.get(pk=note.pk).read_at is None


def test_the_list_costs_the_same_for_many_messages(me, app, django_assert_num_queries):
    for i in range(3):
        message(me, f"m{i}")
    app.call("get", "/")  # the token is looked up once and then kept
    with django_assert_num_queries(2):
        assert len(app.call("get", "/").json()["results"]) == 3
    for i in range(20):
        message(me, f"n{i}")
    with django_assert_num_queries(2):
        assert len(app.call("get", "/").json()["results"]) == 23
