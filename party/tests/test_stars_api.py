"""The star-rating endpoints under /api/v1/party/stars/: criteria, assessments and their
steps, published ratings — what they answer and refuse."""

from __future__ import annotations

import pytest
import time_machine

from party.stars.models import Assessment, AssessmentStatus
from party.tests.life import at
from party.tests.stars import setup, to_step

pytestmark = pytest.mark.django_db
API = "/api/v1/party/stars/"


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(at("2026-12-10T10:00"), tick=False):
        yield


def test_it_lists_the_criteria_and_the_scale(p, login):
    setup(p)
    client = login(p.secretary)
    criteria = client.get(API + "criteria").json()
    assert sum(c["points"] for c in criteria) == 100
    assert {c["measure"] for c in criteria} >= {"life_compliance", "service_hours", ""}
    assert client.get(API + "scale").json()["five"] == "90"


def test_it_runs_the_journey_through_the_api(p, login):
    secretary = setup(p)
    branch = login(secretary)
    opened = branch.post(
        API + "assessments",
        {"organisation_id": p.east_branch.pk, "year": 2026},
        content_type="application/json",
    )
    assert opened.status_code == 201, opened.json()
    a = opened.json()
    assert a["actions"] == ["submit"]
    hand = [i for i in a["items"] if not i["measure"]]
    scored = branch.put(
        API + f"assessments/{a['id']}/self",
        {"items": [{"item_id": i["id"], "score": "9.5", "evidence": "述职报告"} for i in hand]},
        content_type="application/json",
    )
    assert scored.status_code == 200
    assert branch.post(API + f"assessments/{a['id']}/submit").json()["status"] == "submitted"
    above = login(p.secretary)
    reviewed = above.post(
        API + f"assessments/{a['id']}/review",
        {"items": [{"item_id": hand[0]["id"], "score": 15}], "note": "同意"},
        content_type="application/json",
    )
    assert reviewed.json()["status"] == "reviewed"
    done = above.post(API + f"assessments/{a['id']}/publish").json()
    assert done["status"] == "published"
    assert done["stars"] == 1
    assert [s["action"] for s in done["steps"]] == ["submit", "review", "publish"]


def test_it_refuses_a_secretary_reviewing_their_own_branch(p, login):
    a = to_step(p, "submitted")
    answer = login(a.submitted_by).post(
        API + f"assessments/{a.pk}/review", {"note": ""}, content_type="application/json"
    )
    assert answer.status_code == 403
    assert Assessment.objects.get().status == AssessmentStatus.SUBMITTED


def test_it_refuses_a_step_the_status_does_not_allow(p, login):
    a = to_step(p, "submitted")
    answer = login(p.secretary).post(API + f"assessments/{a.pk}/publish")
    assert answer.status_code == 409


def test_it_refuses_bad_scores_and_a_return_without_a_note(p, login):
    a = to_step(p, "draft")
    item = a.items.filter(measure="").first()
    client = login(a.organisation.secretary.user)
    answer = client.put(
        API + f"assessments/{a.pk}/self",
        {"items": [{"item_id": item.pk, "score": 99, "evidence": "x"}]},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert answer.json()["field"] == f"score_{item.pk}"
    assert (
        client.put(
            API + f"assessments/{a.pk}/self",
            {"items": [{"item_id": item.pk, "score": "NaN"}]},
            content_type="application/json",
        ).status_code
        == 422
    )


def test_it_hides_an_assessment_in_progress_from_residents_and_outsiders(p, login):
    a = to_step(p, "reviewed")
    for who in ("resident", "outsider"):
        client = login(p.world.users[who])
        assert client.get(API + f"assessments/{a.pk}").status_code == 404
        assert client.get(API + "published").json()["count"] == 0


def test_it_shows_published_ratings_to_residents(p, login):
    a = to_step(p, "published", year=2025)
    client = login(p.world.users["resident"])
    rows = client.get(API + "published").json()["items"]
    assert rows == [
        {
            "organisation_id": p.east_branch.pk,
            "organisation_name": p.east_branch.name,
            "community": p.world.east.name,
            "year": 2025,
            "stars": a.stars,
            "total": str(a.total),
            "max_points": 100,
        }
    ]
    assert client.get(API + f"assessments/{a.pk}").status_code == 200
    assert client.get(API + "published?year=2026").json()["count"] == 0
