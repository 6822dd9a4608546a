"""The visit pages on a phone: the form keeps what was typed and records a retry once; a
visit's page offers a case and a need; coverage, the households due, the ledger, pairings."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
from django.utils import translation

from fieldwork.actions.visits import do_record_visit
from fieldwork.models import Pairing, Visit, VisitKind


def post(client: Any, world: Any, **kw: Any) -> Any:
    data = {
        "household": world.east_households[0].code,
        "idempotency_key": "form-1",
        "visited_on": "2026-05-20",
        "kind": "routine",
        "found": "老人身体尚可",
        "needs": "楼道灯坏了",
        "lon": "120.6301",
        "lat": "28.0101",
    }
    data.update(kw)
    return client.post("/fieldwork/visits/new/", data, HTTP_ACCEPT_LANGUAGE="zh-hans")


def test_it_records_a_visit_from_the_form_once_for_a_retry(world: Any, login: Any) -> None:
    client = login(world.users["grid_worker"])
    first = post(client, world)
    assert first.status_code == 302
    again = post(client, world)
    assert again["Location"] == first["Location"]
    assert Visit.objects.count() == 1


def test_it_keeps_what_was_typed_when_refused(world: Any, login: Any) -> None:
    client = login(world.users["grid_worker"])
    page = post(client, world, visited_on="2026-06-30")
    assert page.status_code == 200
    text = page.content.decode()
    assert "老人身体尚可" in text and 'value="form-1"' in text
    assert not Visit.objects.exists()


def test_the_form_is_drawn_in_chinese_with_a_fresh_key(world: Any, login: Any) -> None:
    client = login(world.users["grid_worker"])
    code = world.east_households[0].code
    page = client.get(f"/fieldwork/visits/new/?household={code}", HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert "记录走访" in text and "visit_form.js" in text
    assert page.context["values"]["idempotency_key"]


def test_a_resident_and_an_outsider_find_nothing(world: Any, login: Any) -> None:
    visit = do_record_visit(
        world.east_households[0],
        actor=world.users["grid_worker"],
        visited_on=dt.date(2026, 5, 20),
        kind=VisitKind.ROUTINE,
        found="ok",
    )
    assert login(world.users["resident"]).get("/fieldwork/visits/").status_code == 404
    assert login(world.users["outsider"]).get(f"/fieldwork/visits/{visit.pk}/").status_code == 404
    code = world.east_households[0].code
    page = login(world.users["outsider"]).get(f"/fieldwork/visits/new/?household={code}")
    assert page.context["household"] is None


def test_a_visit_page_offers_a_case_and_to_staff_a_need(world: Any, login: Any) -> None:
    visit = do_record_visit(
        world.east_households[0],
        actor=world.users["grid_worker"],
        visited_on=dt.date(2026, 5, 20),
        kind=VisitKind.CARE,
        found="ok",
        needs="需要助餐",
    )
    page = login(world.users["grid_worker"]).get(f"/fieldwork/visits/{visit.pk}/")
    assert [link.made for link in page.context["links"]] == [False]
    assert f"/cases/report/?visit={visit.pk}" in page.content.decode()
    staff_page = login(world.users["community_staff"]).get(f"/fieldwork/visits/{visit.pk}/")
    assert f"?visit={visit.pk}#need" in staff_page.content.decode()


def test_coverage_and_due_pages_show_the_figures(world: Any, login: Any) -> None:
    client = login(world.users["community_staff"])
    page = client.get("/fieldwork/coverage/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    assert page.context["total"].households == 2
    assert "走访覆盖" in page.content.decode()
    due = client.get("/fieldwork/visits/overdue/")
    assert due.context["page"].paginator.count == 2
    assert login(world.users["resident"]).get("/fieldwork/coverage/").status_code == 404


def test_the_ledger_is_a_workbook_in_the_offices_shape(world: Any, login: Any) -> None:
    do_record_visit(
        world.east_households[0],
        actor=world.users["grid_worker"],
        visited_on=dt.date(2026, 5, 20),
        kind=VisitKind.ROUTINE,
        found="家中整洁",
        needs="无",
    )
    client = login(world.users["community_staff"])
    with translation.override("zh-hans"):
        r = client.get(f"/fieldwork/ledger/{world.east_grid.code}/2026.xlsx")
    assert r.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert "2026" in str(rows[0][0])
    assert rows[1][1] == f"{world.east_grid.name} ({world.east_grid.code})"
    assert rows[2][1] == world.east.name and rows[3][1] == 2026
    assert rows[4][1] == "东网格员"
    body = rows[7:]
    assert [r[1] for r in body] == [h.code for h in world.east_households]
    assert body[0][6] == "家中整洁" and body[1][3] is None
    assert (
        login(world.users["outsider"])
        .get(f"/fieldwork/ledger/{world.east_grid.code}/2026.xlsx")
        .status_code
        == 404
    )


def test_staff_pair_a_member_from_the_page(world: Any, member: Any, login: Any) -> None:
    client = login(world.users["community_staff"])
    r = client.post(
        "/fieldwork/pairings/",
        {"kind": "household_link", "person": member.phone, "target": world.east_households[0].code},
    )
    assert r.status_code == 302
    pairing = Pairing.objects.get()
    page = client.get("/fieldwork/pairings/")
    assert member.name in page.content.decode()
    client.post(f"/fieldwork/pairings/{pairing.pk}/end/")
    pairing.refresh_from_db()
    assert pairing.ended_on == dt.date(2026, 5, 20)
    refused = client.post(
        "/fieldwork/pairings/",
        {"kind": "household_link", "person": member.phone, "target": "NOPE"},
    )
    assert refused.status_code == 200 and Pairing.objects.count() == 1
