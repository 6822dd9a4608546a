"""The party endpoints under /api/v1/party/: what they return and refuse."""

from __future__ import annotations

import pytest

from accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def get(client, url, **kw):
    return client.get(f"/api/v1/party/{url}", **kw)


def test_it_needs_authentication(p, client):
    assert get(client, "organisations").status_code == 401
    assert get(client, "organisations", HTTP_AUTHORIZATION="Bearer nope").status_code == 401


def test_it_lists_the_organisations_in_reach_with_a_token(p, client):
    _token, key = ApiToken.issue(p.secretary, "app")
    response = get(client, "organisations", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    items = response.json()["items"]
    assert {o["code"] for o in items} == {"E1", "E1B1", "E1B1G1"}
    branch = next(o for o in items if o["code"] == "E1B1")
    assert branch["member_count"] == 2 and branch["kind"] == "grid"
    assert branch["parent_id"] == p.east.pk and branch["area_code"] == p.world.east_grid.code


def test_it_filters_organisations_by_level_parent_and_area(p, login):
    client = login(p.world.users["subdistrict_staff"])
    data = get(client, "organisations?level=branch").json()
    assert [o["code"] for o in data["items"]] == ["E1B1", "W1B1"]
    data = get(client, f"organisations?parent={p.committee.pk}").json()
    assert [o["code"] for o in data["items"]] == ["E1", "W1"]
    data = get(client, f"organisations?area={p.world.west.code}").json()
    assert [o["code"] for o in data["items"]] == ["W1", "W1B1"]
    response = get(client, "organisations?level=club")
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "level"


def test_it_gives_nothing_to_a_grid_worker_of_another_community(p, login):
    client = login(p.world.users["outsider"])
    assert get(client, "organisations").json()["count"] == 0
    assert get(client, f"organisations/{p.west_branch.pk}").status_code == 404
    assert get(client, "partners").json()["count"] == 0
    assert get(client, "registrations").json()["count"] == 0


def test_it_gives_an_organisation_with_its_children_and_secretary(p, login):
    p.east_branch.secretary = p.member
    p.east_branch.save()
    data = get(login(p.secretary), f"organisations/{p.east_branch.pk}").json()
    assert data["secretary"] == "东在职党员" and data["member_count"] == 2
    assert [c["code"] for c in data["children"]] == ["E1B1G1"]


def test_it_refuses_an_organisation_outside_reach(p, login):
    client = login(p.secretary)
    for pk in (p.west_branch.pk, p.committee.pk, 999999):
        response = get(client, f"organisations/{pk}")
        assert response.status_code == 404, pk
        assert get(client, f"organisations/{pk}/members").status_code == 404


def test_it_lists_members_with_masked_phones_and_cross_appointments(p, login):
    from party import actions

    actions.do_add_cross_appointment(
        p.member,
        body="owners_committee",
        body_name="东花园业委会",
        position="主任",
        actor=p.secretary,
    )
    data = get(login(p.secretary), f"organisations/{p.east_branch.pk}/members").json()
    assert data["count"] == 2
    member = next(m for m in data["items"] if m["code"] == "M1")
    assert member["phone"] == "138****2222" and member["in_service"] is True
    assert member["workplace"] == "县医院" and member["home_community_code"] == p.world.east.code
    assert member["cross_appointments"] == [
        {"body": "owners_committee", "body_name": "东花园业委会", "position": "主任"}
    ]
    retired = next(m for m in data["items"] if m["code"] == "M2")
    assert retired["in_service"] is False and retired["home_community_code"] is None


def test_it_lists_registrations_by_community(p, login):
    client = login(p.secretary)
    data = get(client, "registrations").json()
    assert [m["code"] for m in data["items"]] == ["M1"]
    assert get(client, f"registrations?community={p.world.west.code}").json()["count"] == 0


def test_it_lists_partner_units_with_agreements(p, login):
    data = get(login(p.secretary), "partners").json()
    assert data["count"] == 1
    unit = data["items"][0]
    assert unit["code"] == "U1" and unit["phone"] == "139****1111"
    assert unit["agreements"] == [
        {
            "code": "A1",
            "organisation_id": p.east.pk,
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
            "commitments": "志愿服务、资源共享",
        }
    ]


@pytest.mark.parametrize("query", ["page=0", "page_size=0", "page_size=201"])
def test_it_rejects_bad_pages(p, login, query):
    assert get(login(p.secretary), f"organisations?{query}").status_code == 400
