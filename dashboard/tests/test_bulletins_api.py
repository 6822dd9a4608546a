"""The bulletins' API: draft, edit, candidates, pick, publish, correct, results."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from dashboard.tests.bulletin_world import APRIL, bw  # noqa: F401

pytestmark = pytest.mark.django_db
API = "/api/v1/dashboard"


def _json(client: Any, method: str, url: str, body: Any = None) -> Any:
    return getattr(client, method)(url, body, content_type="application/json")


def test_it_drafts_edits_picks_publishes_and_corrects(bw, client) -> None:  # noqa: F811
    client.force_login(bw.users["community_staff"])
    with time_machine.travel(APRIL, tick=False):
        made = _json(
            client,
            "post",
            f"{API}/bulletins",
            {"area_code": bw.world.east.code, "month": "2026-03"},
        )
        assert made.status_code == 201, made.content
        b = made.json()
        assert b["status"] == "draft" and b["may_edit"] and b["figures"]["total"]["due"] == 10
        again = _json(
            client,
            "post",
            f"{API}/bulletins",
            {"area_code": bw.world.east.code, "month": "2026-03"},
        )
        assert again.status_code == 409 and again.json()["field"] == "month"
        ahead = _json(
            client,
            "post",
            f"{API}/bulletins",
            {"area_code": bw.world.east.code, "month": "2026-05"},
        )
        assert ahead.status_code == 400
        url = f"{API}/bulletins/{b['id']}"
        edited = _json(client, "patch", url, {"body": "三月通报正文。"})
        assert edited.json()["paragraphs"] == ["三月通报正文。"]
        assert edited.json()["figures"] == b["figures"]
        found = client.get(f"{url}/candidates").json()
        first = next(c for c in found if c["id"] == bw.closed[0].pk)
        stages = {p["stage"]: p["id"] for p in first["photos"]}
        assert set(stages) == {"report", "before", "after"}
        pick = {
            "case_id": first["id"],
            "caption": "已清运",
            "before_photo_id": stages["before"],
            "after_photo_id": stages["after"],
            "photos_checked": "yes",
        }
        assert _json(client, "post", f"{url}/typical-cases", pick).status_code == 422
        pick["photos_checked"] = True
        picked = _json(client, "post", f"{url}/typical-cases", pick)
        assert picked.status_code == 201
        assert picked.json()["typical"][0]["before_url"]
        published = client.post(f"{url}/publish")
        assert published.status_code == 200 and published.json()["status"] == "published"
        assert _json(client, "patch", url, {"title": "改"}).status_code == 409
        assert client.get(f"{url}/candidates").status_code == 409
        fix = client.post(f"{url}/correct")
        assert fix.status_code == 201
        assert fix.json()["version"] == 2 and fix.json()["corrects_id"] == b["id"]
        assert len(fix.json()["typical"]) == 1
        row = fix.json()["typical"][0]["id"]
        dropped = client.delete(f"{API}/bulletins/{fix.json()['id']}/typical-cases/{row}")
        assert dropped.status_code == 200 and dropped.json()["typical"] == []
        listed = client.get(f"{API}/bulletins?month=2026-03&status=published").json()
        assert [r["id"] for r in listed["results"]] == [b["id"]]


def test_it_answers_the_results_of_the_callers_community(bw, client) -> None:  # noqa: F811
    client.force_login(bw.users["resident"])
    answer = client.get(f"{API}/results")
    assert answer.status_code == 200
    assert answer.json() == {
        "area_code": bw.world.east.code,
        "area_name": "东社区",
        "months": [],
        "typical": [],
        "commitments": [],
        "decisions": [],
    }
    client.force_login(bw.users["community_staff"])
    assert client.get(f"{API}/results").status_code == 404
