"""A volunteer's points history names the order or micro-wish each credit came from, in the
reader's language around its title (page and API)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from points.models import LedgerEntry
from points.tests.helpers import make_rule
from volunteering import actions
from volunteering.tests.test_wishes import confirmed

pytestmark = pytest.mark.django_db


def history(client, language: str) -> tuple[str, dict[str, str]]:
    client.cookies["django_language"] = language
    body = client.get(reverse("points:mine")).content.decode()
    api = client.get("/api/v1/points/history").json()
    return body, {e["subject"]: e["label"] for e in api}


def test_it_names_the_confirmed_order(v, login) -> None:
    make_rule(v.world, "volunteer_order", unit="hour", points=10)
    with time_machine.travel(dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC), tick=False) as tm:
        order = actions.do_take_order(v.published(), actor=v.vol_user)
        actions.do_check_in(order, lon=120.63, lat=28.01, actor=v.vol_user)
        tm.shift(dt.timedelta(hours=2))
        order = actions.do_check_out(order, lon=120.63, lat=28.01, actor=v.vol_user)
        actions.do_confirm_order(order, rating=5, actor=v.resident)
    title = order.title
    assert title
    stored = LedgerEntry.objects.get(user=v.vol_user)
    assert stored.subject == title and title in stored.reason
    client = login(v.vol_user)
    body, labels = history(client, "en")
    assert f"Volunteer order: {title} · 2 h" in body
    assert labels == {title: f"Volunteer order: {title} · 2 h"}
    body, labels = history(client, "zh-hans")
    assert f"志愿服务订单：{title} · 2 小时" in body
    assert labels == {title: f"志愿服务订单：{title} · 2 小时"}


def test_it_names_the_fulfilled_wish(v, login) -> None:
    make_rule(v.world, "micro_wish", points=20)
    confirmed(v, "一个新书包")
    assert LedgerEntry.objects.get(user=v.vol2_user).subject == "一个新书包"
    client = login(v.vol2_user)
    body, labels = history(client, "en")
    assert "Micro-wish: 一个新书包" in body and labels == {"一个新书包": "Micro-wish: 一个新书包"}
    body, labels = history(client, "zh-hans")
    assert "微心愿：一个新书包" in body and labels == {"一个新书包": "微心愿：一个新书包"}
