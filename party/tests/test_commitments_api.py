"""The commitment endpoints under /api/v1/party/: what they answer and refuse (a refused
request stores nothing)."""

from __future__ import annotations

import pytest
import time_machine

from party.commitments.models import Commitment, CommitmentRating
from party.tests.commitments import make, member_user, resident_user
from party.tests.life import at, branch_secretary

pytestmark = pytest.mark.django_db
API = "/api/v1/party/"
JSON = "application/json"


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(at("2026-03-20T10:00"), tick=False):
        yield


def body(p):
    return {
        "text": "每周义务巡楼一次",
        "area_code": p.world.east_grid.code,
        "deadline": "2026-11-30",
    }


def test_it_lets_a_member_make_and_keep_their_commitment(p, login):
    client = login(member_user(p))
    made = client.post(API + "commitments", body(p), content_type=JSON)
    assert made.status_code == 201
    data = made.json()
    assert (data["status"], data["year"], data["by"]) == ("made", 2026, p.member.name)
    assert (data["member_id"], data["organisation_id"]) == (p.member.pk, p.east_branch.pk)
    assert data["may_keep"] and not data["may_rate"]
    url = API + f"commitments/{data['id']}/"
    progress = client.post(url + "progress", {"note": "巡楼4次"}, content_type=JSON).json()
    assert progress["status"] == "in_progress"
    assert [e["action"] for e in progress["events"]] == ["make", "progress"]
    done = client.post(url + "fulfil", {"note": "全年坚持"}, content_type=JSON).json()
    assert (done["status"], done["closed_on"], done["may_keep"]) == (
        "fulfilled",
        "2026-03-20",
        False,
    )
    again = client.post(url + "fail", {"reason": "x"}, content_type=JSON)
    assert again.status_code == 409 and again.json()["field"] == "status"


def test_it_lets_a_secretary_make_the_branchs_commitment_and_lists_it(p, login):
    client = login(branch_secretary(p))
    made = client.post(
        API + "commitments", {**body(p), "organisation_id": p.east_branch.pk}, content_type=JSON
    )
    assert made.status_code == 201 and made.json()["member_id"] is None
    listed = client.get(API + "commitments", {"year": 2026, "status": "made"}).json()
    assert [c["id"] for c in listed["items"]] == [made.json()["id"]]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text": " "}, "text"),
        ({"deadline": "2026-01-01"}, "deadline"),
        ({"area_code": "330324001002001"}, "area"),
        ({"area_code": "999"}, "area_code"),
    ],
)
def test_it_refuses_bad_commitments_with_their_field(p, login, change, field):
    client = login(member_user(p))
    refused = client.post(API + "commitments", {**body(p), **change}, content_type=JSON)
    assert refused.status_code == 400 and refused.json()["field"] == field
    assert not Commitment.objects.exists()


def test_it_refuses_an_organisation_out_of_reach_and_malformed_input(p, login):
    client = login(p.world.users["outsider"])
    refused = client.post(
        API + "commitments", {**body(p), "organisation_id": p.east_branch.pk}, content_type=JSON
    )
    assert refused.status_code == 404
    no_member = client.post(API + "commitments", body(p), content_type=JSON)
    assert no_member.status_code == 400 and no_member.json()["field"] == "organisation_id"
    flag = client.post(API + "commitments", {**body(p), "organisation_id": True}, content_type=JSON)
    assert flag.status_code == 422
    assert not Commitment.objects.exists()


def test_it_hides_a_commitment_from_a_resident_of_another_area(p, login):
    member_user(p)
    c = make(p)
    west = login(resident_user(p.world.west_households[0], "13600000002"))
    assert west.get(API + f"commitments/{c.pk}").status_code == 404
    assert west.get(API + "commitments").json()["count"] == 0
    east = login(p.world.users["resident"])
    assert east.get(API + "commitments").json()["count"] == 1
    refused = east.post(API + f"commitments/{c.pk}/progress", {"note": "x"}, content_type=JSON)
    assert refused.status_code == 403


def test_it_lets_a_resident_rate_once_after_the_deadline(p, login):
    member_user(p)
    c = make(p, deadline=at("2026-03-25T00:00").date())
    client = login(p.world.users["resident"])
    url = API + f"commitments/{c.pk}/rating"
    early = client.post(url, {"stars": 5}, content_type=JSON)
    assert early.status_code == 409
    with time_machine.travel(at("2026-03-26T08:00"), tick=False):
        client = login(p.world.users["resident"])  # a token of that day
        assert client.get(API + f"commitments/{c.pk}").json()["may_rate"] is True
        rated = client.post(url, {"stars": 4, "comment": "及时"}, content_type=JSON)
        assert rated.status_code == 201 and rated.json()["stars"] == 4
        assert client.post(url, {"stars": 2}, content_type=JSON).status_code == 409
        assert client.post(url, {"stars": 9}, content_type=JSON).status_code == 422
        assert client.post(url, {"stars": True}, content_type=JSON).status_code == 422
        detail = client.get(API + f"commitments/{c.pk}").json()
        assert (detail["my_stars"], detail["may_rate"]) == (4, False)
        assert (detail["rating_count"], detail["rating_average"]) == (1, 4.0)
    assert CommitmentRating.objects.count() == 1


def test_it_answers_an_organisations_figures(p, login):
    user = member_user(p)
    from party.commitments import actions

    actions.do_fulfil_commitment(make(p), actor=user)
    make(p)
    client = login(branch_secretary(p))
    figures = client.get(API + f"organisations/{p.east_branch.pk}/commitment-figures").json()
    assert figures == {
        "organisation_id": p.east_branch.pk,
        "year": 2026,
        "made": 2,
        "fulfilled": 1,
        "not_fulfilled": 0,
        "open": 1,
        "share": 0.5,
    }
    assert (
        client.get(API + f"organisations/{p.west_branch.pk}/commitment-figures").status_code == 404
    )
