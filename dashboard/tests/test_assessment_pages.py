"""The assessment's pages and API: what each persona sees, the steps, the refusals."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from openpyxl import load_workbook

from dashboard.assessment import actions
from dashboard.models import Appeal, AssessmentRow
from dashboard.tests.assessment_month import MONTH, WEIGHTS, at, build

API = "/api/v1/dashboard/assessment"


@pytest.fixture
def made(world: Any) -> dict[str, Any]:
    out = build(world)
    actions.do_save_scheme(world.subdistrict, weights=WEIGHTS, actor=world.users["admin"])
    office = world.users["subdistrict_staff"]
    with time_machine.travel(at(4, 2), tick=False):
        out["a"] = actions.do_compute_assessment(world.subdistrict, month=MONTH, actor=office)
    out["office"] = office
    out["row"] = AssessmentRow.objects.get(assessment=out["a"], user=out["w"])
    return out


def _publish(made: dict[str, Any]) -> None:
    actions.do_review_assessment(made["a"], actor=made["office"])
    actions.do_publish_assessment(made["a"], actor=made["office"])


def test_it_shows_the_office_its_draft_and_the_steps(login: Any, made: Any) -> None:
    client = login(made["office"])
    page = client.get(f"/dashboard/assessment/{made['a'].pk}/").content.decode()
    assert 'data-step="review"' in page and f'data-row="{made["row"].pk}"' in page
    assert (
        client.get("/dashboard/assessment/?waiting=1").content.decode().count("data-assessment=")
        == 1
    )
    done = client.post(f"/dashboard/assessment/{made['a'].pk}/review/")
    assert done.status_code == 302
    made["a"].refresh_from_db()
    assert made["a"].status == "reviewed"


def test_it_refuses_an_adjustment_without_a_reason_on_the_page(login: Any, made: Any) -> None:
    client = login(made["office"])
    url = f"/dashboard/assessment/rows/{made['row'].pk}/adjust/"
    page = client.post(url, {"points": "3", "reason": ""})
    assert page.status_code == 200
    assert "data-score" in page.content.decode()
    made["row"].refresh_from_db()
    assert made["row"].adjustment == 0
    assert client.post(url, {"points": "3", "reason": "表现突出"}).status_code == 302


def test_it_hides_a_draft_from_the_worker_and_the_community(
    world: Any, login: Any, made: Any
) -> None:
    for who in (made["w"], world.users["community_staff"], world.users["resident"]):
        client = login(who)
        assert client.get(f"/dashboard/assessment/{made['a'].pk}/").status_code == 404
        assert client.get(f"/dashboard/assessment/rows/{made['row'].pk}/").status_code == 404


def test_it_shows_a_worker_their_scores_and_how_they_were_computed(login: Any, made: Any) -> None:
    _publish(made)
    client = login(made["w"])
    mine = client.get("/dashboard/assessment/mine/?new=1").content.decode()
    assert f'data-row="{made["row"].pk}"' in mine and "81.00" in mine
    page = client.get(f"/dashboard/assessment/rows/{made['row'].pk}/").content.decode()
    assert 'data-item="visits"' in page and "1 ÷ 2 = 0.5" in page
    other = AssessmentRow.objects.get(assessment=made["a"], user=made["o"])
    assert client.get(f"/dashboard/assessment/rows/{other.pk}/").status_code == 404
    board = client.get(f"/dashboard/assessment/{made['a'].pk}/").content.decode()
    assert f'data-row="{other.pk}"' not in board


def test_it_lets_the_community_see_its_own_rankings(world: Any, login: Any, made: Any) -> None:
    _publish(made)
    client = login(world.users["community_staff"])
    board = client.get(f"/dashboard/assessment/{made['a'].pk}/").content.decode()
    other = AssessmentRow.objects.get(assessment=made["a"], user=made["o"])
    assert f'data-row="{made["row"].pk}"' in board and f'data-row="{other.pk}"' not in board


def test_it_exports_the_rankings(world: Any, login: Any, made: Any) -> None:
    _publish(made)
    answer = login(made["office"]).get(f"/dashboard/assessment/{made['a'].pk}/export/")
    assert answer.status_code == 200
    import io

    book = load_workbook(io.BytesIO(answer.content))
    workers = book.worksheets[0]
    names = [r[4] for r in workers.iter_rows(min_row=3, values_only=True)]
    assert names == [made["w"].name, made["o"].name]
    assert workers.cell(3, 1).value == 1
    community = login(world.users["community_staff"]).get(
        f"/dashboard/assessment/{made['a'].pk}/export/"
    )
    rows = list(load_workbook(io.BytesIO(community.content)).worksheets[0].iter_rows(min_row=3))
    assert len(rows) == 1


def test_it_appeals_and_decides_through_the_api(world: Any, login: Any, made: Any) -> None:
    _publish(made)
    worker = login(made["w"])
    rows = worker.get(f"{API}/mine").json()
    assert [r["id"] for r in rows] == [made["row"].pk]
    visits = next(i for i in rows[0]["items"] if i["key"] == "visits")
    assert (visits["part"], visits["whole"], visits["weight"], visits["points"]) == (
        1,
        2,
        10,
        "5.00",
    )
    made_appeal = worker.post(
        f"{API}/rows/{made['row'].pk}/appeals",
        {"item": "visits", "reason": "外出户"},
        content_type="application/json",
    )
    assert made_appeal.status_code == 201
    again = worker.post(
        f"{API}/rows/{made['row'].pk}/appeals",
        {"item": "visits", "reason": "再次"},
        content_type="application/json",
    )
    assert again.status_code == 409
    appeal_id = made_appeal.json()["id"]
    refused = worker.post(
        f"{API}/appeals/{appeal_id}/decide",
        {"uphold": True, "note": "自己批", "points": 5},
        content_type="application/json",
    )
    assert refused.status_code == 403
    office = login(made["office"])  # the same client, now the office's
    no_reason = office.post(
        f"{API}/appeals/{appeal_id}/decide",
        {"uphold": True, "note": "", "points": 5},
        content_type="application/json",
    )
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "note"
    done = office.post(
        f"{API}/appeals/{appeal_id}/decide",
        {"uphold": True, "note": "核实", "points": 5},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "upheld"
    new = done.json()["new_row_id"]
    row = worker.get(f"{API}/rows/{new}").json()
    assert (row["score"], row["version"], row["replaces_id"]) == ("86.00", 2, made["row"].pk)
    assert Appeal.objects.get(pk=appeal_id).decided_by == made["office"]


def test_it_answers_the_steps_and_their_refusals(world: Any, login: Any, made: Any) -> None:
    office = login(made["office"])
    a = made["a"].pk
    assert office.post(f"{API}/assessments/{a}/publish").status_code == 409
    assert office.post(f"{API}/assessments/{a}/review").json()["status"] == "reviewed"
    assert office.post(f"{API}/assessments/{a}/publish").json()["status"] == "published"
    assert login(made["w"]).post(f"{API}/assessments/{a}/reopen").status_code == 403
    assert login(world.users["resident"]).get(f"{API}/assessments/{a}").status_code == 404
    listed = login(world.users["community_staff"]).get(f"{API}/assessments").json()
    assert [x["id"] for x in listed["results"]] == [a]
    outside = login(world.users["community_staff"]).post(
        f"{API}/assessments",
        {"area_code": world.subdistrict.code, "month": "2026-03"},
        content_type="application/json",
    )
    assert outside.status_code == 404
    office = login(made["office"])
    bad = office.post(
        f"{API}/schemes",
        {"area_code": world.subdistrict.code, "weights": {**WEIGHTS, "handled": 21}},
        content_type="application/json",
    )
    assert bad.status_code == 400
    rows = office.get(f"{API}/assessments/{a}/rows?kind=grid").json()
    assert [r["rank"] for r in rows] == [1, 2]
    assert [r["community_rank"] for r in rows] == [1, 1]


def test_it_counts_the_home_lines_as_their_lists_show(world: Any, login: Any, made: Any) -> None:
    from core.home import lines_for

    office = {line.key: line for line in lines_for(made["office"])}
    line = office["dashboard.assessments_waiting"]
    page = login(made["office"]).get(line.url).content.decode()
    assert page.count("data-assessment=") == line.count == 1
    _publish(made)
    actions.do_submit_appeal(made["row"], item="visits", reason="x", actor=made["w"])
    office = {line.key: line for line in lines_for(made["office"])}
    line = office["dashboard.appeals_to_decide"]
    page = login(made["office"]).get(line.url).content.decode()
    assert page.count("data-appeal=") == line.count == 1
    mine = {line.key: line for line in lines_for(made["w"])}
    line = mine["dashboard.new_scores"]
    page = login(made["w"]).get(line.url).content.decode()
    assert page.count("data-row=") == line.count == 1
