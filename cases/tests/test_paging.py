"""The case list API at scale: a capped count and a cursor that pages at any depth."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cases import paging
from cases.models import Case
from cases.tests.helpers import report

URL = "/api/v1/cases/"


@pytest.fixture
def seven(world: Any) -> list[int]:
    """Seven cases, two of them reported at the same moment (the id breaks the tie)."""
    cases = [report(world) for _ in range(7)]
    same = cases[0].reported_at
    Case.objects.filter(pk__in=[cases[2].pk, cases[3].pk]).update(reported_at=same)
    for i, case in enumerate(cases):
        if i not in (2, 3):
            Case.objects.filter(pk=case.pk).update(reported_at=same - dt.timedelta(minutes=i))
    return list(Case.objects.order_by("-reported_at", "-id").values_list("pk", flat=True))


def test_it_pages_by_cursor_in_the_list_order(world: Any, login: Any, seven: list[int]) -> None:
    client = login(world.users["subdistrict_staff"])
    seen, answer = [], client.get(URL + "?page_size=3").json()
    seen += [r["id"] for r in answer["results"]]
    while answer["next"]:
        answer = client.get(f"{URL}?page_size=3&cursor={answer['next']}").json()
        seen += [r["id"] for r in answer["results"]]
    assert seen == seven
    assert answer["count"] == 7 and answer["capped"] is False


def test_it_caps_the_count(
    world: Any, login: Any, seven: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    answer = login(world.users["subdistrict_staff"]).get(URL + "?page_size=2&page=2").json()
    assert (answer["count"], answer["capped"]) == (5, True)
    assert [r["id"] for r in answer["results"]] == seven[2:4]


def test_pages_by_number_go_as_deep_as_the_count(
    world: Any, login: Any, seven: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Page numbers walk the counted rows (in the list's order, the ids first); beyond them a
    400 names `page` and the cursor goes on."""
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    client = login(world.users["subdistrict_staff"])
    last = client.get(URL + "?page_size=2&page=3").json()
    assert [r["id"] for r in last["results"]] == seven[4:6]
    r = client.get(URL + "?page_size=2&page=4")
    assert r.status_code == 400 and r.json()["field"] == "page"
    assert "`next`" in r.json()["detail"]  # the cursor to follow, named in either language
    beyond = client.get(f"{URL}?page_size=2&cursor={last['next']}").json()
    assert [r["id"] for r in beyond["results"]] == seven[6:]
    # A list under the cap answers a page past its end with no rows, as every list does.
    monkeypatch.setattr(paging, "COUNT_CAP", 10)
    assert client.get(URL + "?page_size=2&page=9").json()["results"] == []


def test_it_ends_without_a_next_cursor(world: Any, login: Any, seven: list[int]) -> None:
    answer = login(world.users["subdistrict_staff"]).get(URL + "?page_size=7").json()
    assert len(answer["results"]) == 7 and answer["next"] is None


@pytest.mark.parametrize("cursor", ["x", "bm9wZQ", "MjAyNi0wMS0wMXwx", "%FF%FE"])
def test_it_refuses_a_cursor_it_did_not_give(world: Any, login: Any, cursor: str) -> None:
    r = login(world.users["subdistrict_staff"]).get(f"{URL}?cursor={cursor}")
    assert r.status_code == 400
    assert r.json()["field"] == "cursor"
