"""Finding people and places: name, pinyin and its initials, phone and ID tails, addresses;
scoped to the user's areas, masked, the key kept current by every way a resident is written."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from areas import actions, search
from areas.models import Resident

pytestmark = pytest.mark.django_db


def _name(world: Any, name: str) -> Resident:
    r = world.east_households[0].residents.get()
    r.name = name
    r.save()
    return r


def test_it_writes_the_key_with_pinyin_initials_and_tails() -> None:
    key = search.key_of("郭宁敏", "139-1234-5001", "33032419500101001X")
    assert key == " 郭宁敏 宁敏 guoningmin gnm 13912345001 5001 001x 01001x"
    assert search.key_of("Anna", "", "") == " anna"


@pytest.mark.parametrize("q", ["gnm", "GNM", "guoningmin", "guo ning", "郭宁敏", "宁敏", "5001"])
def test_it_finds_a_resident_by_name_pinyin_initials_or_phone_tail(world, q) -> None:
    r = _name(world, "郭宁敏")
    found = search.search(world.users["grid_worker"], q)
    assert [x.pk for x in found.residents] == [r.pk]


def test_it_finds_by_the_last_digits_of_the_id_number_and_a_phone_prefix(world) -> None:
    r = world.east_households[1].residents.get()  # ID …0102002X, phone 13912345002
    assert r in search.search(world.users["grid_worker"], "002x").residents
    assert r in search.search(world.users["grid_worker"], "1391234500").residents
    # A word's middle is no match for letters and digits: "234500" is inside the phone only.
    assert r not in search.search(world.users["grid_worker"], "234500").residents


def test_it_keeps_to_the_users_areas(world) -> None:
    _name(world, "郭宁敏")
    assert search.search(world.users["outsider"], "gnm").empty
    assert len(search.search(world.users["subdistrict_staff"], "gnm").residents) == 1
    assert search.search(world.users["resident"], "gnm").empty  # no register rights


def test_it_finds_households_and_buildings_by_address(world) -> None:
    found = search.search(world.users["grid_worker"], "东社区花园1幢101")
    assert [h.code for h in found.households] == ["EC1B1H1"]
    found = search.search(world.users["grid_worker"], "花园1幢")
    assert len(found.households) == 2 and [b.code for b in found.buildings] == ["EC1B1"]
    assert search.search(world.users["outsider"], "东社区花园").empty


def test_it_finds_nothing_for_a_single_character(world) -> None:
    assert search.search(world.users["community_staff"], "东").q == "东"
    assert search.search(world.users["community_staff"], "东").empty


def test_it_keeps_the_key_current_through_the_edit_action(world) -> None:
    r = world.east_households[0].residents.get()
    actions.do_update_resident(r, {"name": "吕小绿"}, actor=world.users["community_staff"])
    r.refresh_from_db()
    assert " lvxiaolv lxl" in r.search_key
    assert r in search.search(world.users["community_staff"], "lxl").residents


def test_it_keeps_the_key_current_through_the_register_import(world) -> None:
    from areas.registers.actions import do_import_register

    content = (
        "code,household_code,name,gender,phone,id_number\n"
        "EC1B1H1P9,EC1B1H1,郭宁敏,F,13955550001,330324199001011233\n"
    ).encode()
    job = do_import_register(
        "residents", filename="r.csv", content=content, actor=world.users["community_staff"]
    )
    assert job.status == "done", job.errors
    r = Resident.objects.get(code="EC1B1H1P9")
    assert r.search_key == search.key_of("郭宁敏", "13955550001", "330324199001011233")
    content = content.replace("郭宁敏".encode(), "王芳".encode())
    do_import_register(
        "residents", filename="r.csv", content=content, actor=world.users["community_staff"]
    )
    r.refresh_from_db()
    assert " wangfang wf " in r.search_key + " "


def test_the_page_shows_results_masked_and_links_to_the_audited_card(world, login) -> None:
    r = _name(world, "郭宁敏")
    body = login(world.users["grid_worker"]).get(reverse("areas:search"), {"q": "gnm"})
    html = body.content.decode()
    assert f'data-resident="{r.code}"' in html and "郭宁敏" in html
    assert "139****5001" in html and r.phone not in html and r.id_number not in html
    assert reverse("areas:resident", args=[r.code]) in html


def test_the_page_is_not_for_residents_and_the_header_box_is_for_staff(world, login) -> None:
    assert login(world.users["resident"]).get(reverse("areas:search")).status_code == 404
    assert 'class="header-search"' not in login(world.users["resident"]).get("/").content.decode()
    assert 'class="header-search"' in login(world.users["grid_worker"]).get("/").content.decode()


def test_the_api_answers_masked_results_in_the_users_areas(world, login) -> None:
    r = _name(world, "郭宁敏")
    client = login(world.users["grid_worker"])
    answer = client.get("/api/v1/search", {"q": "gnm"})
    assert answer.status_code == 200
    data = answer.json()
    assert [x["code"] for x in data["residents"]] == [r.code]
    assert data["residents"][0]["phone"] == "139****5001"
    assert data["residents"][0]["address"] == r.household.address
    assert r.id_number not in answer.content.decode()
    outsider = login(world.users["outsider"]).get("/api/v1/search", {"q": "gnm"}).json()
    assert outsider["residents"] == []
    assert login(world.users["resident"]).get("/api/v1/search", {"q": "gnm"}).status_code == 404
    assert client.get("/api/v1/search", {"q": "x" * 61}).status_code == 422
