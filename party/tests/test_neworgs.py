"""两新 organisations: the register and its coverage, benchmark reviews with their three
linked lists, 双强红领 certifications; rules, refusals, pages and API."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from core.refusal import Conflict, Invalid, NotFound
from party import permissions
from party.neworgs import actions, selectors
from party.neworgs.models import ItemList, NewOrganisation
from party.tests.neworgs import register, review

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 4, 20, 2, tzinfo=dt.UTC), tick=False):
        yield


def test_it_counts_coverage_per_area(p):
    register(p)
    admin = p.world.users["admin"]
    covers = selectors.coverage(
        selectors.organisations(admin), [p.world.subdistrict, p.world.east, p.world.west]
    )
    assert [(c.total, c.covered, c.own) for c in covers] == [(5, 3, 1), (4, 3, 1), (1, 0, 0)]
    assert covers[1].percent == 75 and covers[2].share == 0.0


def test_it_refuses_a_coverage_that_does_not_hold(p):
    staff = p.world.users["community_staff"]
    with pytest.raises(Invalid) as e:
        actions.do_add_new_organisation(
            p.world.east, name="甲", kind="enterprise", employees=5, coverage="joint", actor=staff
        )
    assert e.value.field == "party_organisation"
    with pytest.raises(Invalid):
        actions.do_add_new_organisation(
            p.world.east,
            name="乙",
            kind="enterprise",
            employees=5,
            coverage="joint",
            party_organisation=p.west_branch,
            actor=staff,
        )
    with pytest.raises(NotFound):
        actions.do_add_new_organisation(
            p.world.west, name="丙", kind="enterprise", employees=5, actor=staff
        )
    assert not NewOrganisation.objects.exists()


def test_it_links_the_three_lists_and_finishes_an_item(p):
    made = register(p)
    r = review(p, made["factory"], made["staff"])
    items = {i.list: i for i in r.items.all()}
    assert items[ItemList.CORRECTION].problem == items[ItemList.PROBLEM]
    assert items[ItemList.RESPONSIBILITY].problem == items[ItemList.PROBLEM]
    with pytest.raises(Invalid) as e:
        actions.do_add_review_item(
            r,
            list="correction",
            text="x",
            owner="y",
            deadline=dt.date(2026, 5, 1),
            actor=made["staff"],
        )
    assert e.value.field == "problem"
    due = selectors.items_due(made["staff"])
    assert {i.list for i in due} == {"problem", "correction"}  # the responsibility is December's
    done = actions.do_move_review_item(items[ItemList.PROBLEM], "done", actor=made["staff"])
    assert done.status == "done"
    with pytest.raises(Conflict):
        actions.do_move_review_item(done, "done", actor=made["staff"])
    with pytest.raises(NotFound):
        actions.do_move_review_item(
            items[ItemList.CORRECTION], "done", actor=p.world.users["outsider"]
        )


def test_it_reviews_a_certification_yearly(p):
    made = register(p)
    cert = actions.do_certify_secretary(
        made["factory"], name="王书记", certified_on=dt.date(2025, 4, 25), actor=made["staff"]
    )
    assert cert.review_on == dt.date(2026, 4, 25)
    assert list(selectors.reviews_due(made["staff"])) == [cert]
    cert = actions.do_review_certification(cert, result="passed", actor=made["staff"])
    assert (cert.result, cert.review_on, cert.reviewed_on) == (
        "passed",
        dt.date(2027, 4, 25),
        dt.date(2026, 4, 20),
    )
    assert not selectors.reviews_due(made["staff"]).exists()
    actions.do_review_certification(cert, result="failed", actor=made["staff"])
    with pytest.raises(Conflict):
        actions.do_review_certification(cert, result="passed", actor=made["staff"])


def test_it_shows_an_organisation_where_its_area_is(p):
    made = register(p)
    for who, sees in (
        ("community_staff", True),
        ("secretary", True),
        ("outsider", False),
        ("resident", False),
    ):
        user = p.user(who)
        assert (made["factory"] in permissions.new_organisations_visible_to(user)) is sees
        assert permissions.can_view_new_organisation(user, made["factory"]) is sees


def test_its_pages_show_coverage_lists_and_refuse_outsiders(p, login):
    made = register(p)
    r = review(p, made["factory"], made["staff"])
    client = login(made["staff"])
    page = client.get("/party/neworgs/").content.decode()
    assert f'data-coverage="{p.world.east.code}">3 / 4 · 75%' in page
    page = client.get(f"/party/neworgs/reviews/{r.pk}/").content.decode()
    assert page.count('data-list="correction"') == 2  # under its problem and in its list
    assert client.get(f"/party/neworgs/{made['factory'].pk}/").status_code == 200
    assert client.get("/party/neworgs/items/").status_code == 200
    answer = client.post(
        "/party/neworgs/add/",
        {
            "name": "新公司",
            "kind": "enterprise",
            "employees": "30",
            "area": p.world.east.pk,
            "coverage": "none",
        },
    )
    assert answer.status_code == 302 and NewOrganisation.objects.filter(name="新公司").exists()
    outsider = login(p.world.users["subdistrict_staff"])
    assert outsider.get(f"/party/neworgs/reviews/{r.pk}/").status_code == 200
    client = login(p.world.users["outsider"])
    assert client.get(f"/party/neworgs/reviews/{r.pk}/").status_code == 404
    assert client.get(f"/party/neworgs/{made['factory'].pk}/").status_code == 404


def test_its_api_answers_coverage_and_the_lists(p, login):
    made = register(p)
    client = login(made["staff"])
    cover = client.get(f"/api/v1/party/neworgs/coverage?area={p.world.east.code}").json()
    assert (cover["organisations"], cover["covered"], cover["share"]) == (4, 3, 0.75)
    made_now = client.post(
        "/api/v1/party/neworgs",
        {
            "name": "东物流公司",
            "kind": "enterprise",
            "employees": 40,
            "area_code": p.world.east.code,
            "coverage": "joint",
            "party_organisation_id": p.east.pk,
        },
        content_type=JSON,
    )
    assert made_now.status_code == 201, made_now.json()
    r = client.post(
        f"/api/v1/party/neworgs/{made['factory'].pk}/reviews",
        {"held_on": "2026-04-01"},
        content_type=JSON,
    ).json()
    problem = client.post(
        f"/api/v1/party/neworgs/reviews/{r['id']}/items",
        {"list": "problem", "text": "阵地不规范", "owner": "书记", "deadline": "2026-05-01"},
        content_type=JSON,
    ).json()
    bad = client.post(
        f"/api/v1/party/neworgs/reviews/{r['id']}/items",
        {"list": "correction", "text": "整改", "owner": "书记", "deadline": "2026-05-01"},
        content_type=JSON,
    )
    assert bad.status_code == 400 and bad.json()["field"] == "problem"
    done = client.post(f"/api/v1/party/neworgs/items/{problem['id']}/done", {}, content_type=JSON)
    assert done.json()["status"] == "done"
    outsider = login(p.world.users["outsider"])
    assert outsider.get(f"/api/v1/party/neworgs/reviews/{r['id']}").status_code == 404
    assert (
        outsider.get(f"/api/v1/party/neworgs/coverage?area={p.world.east.code}").status_code == 404
    )


def test_the_party_page_shows_the_coverage_of_ones_reach(p, login):
    register(p)
    page = login(p.world.users["community_staff"]).get("/party/").content.decode()
    assert f'data-coverage="{p.world.east.code}">3 / 4 · 75%' in page
