"""The desk's case list exported as CSV or XLSX: the desk's filters and access rules,
reporters' phones masked, the export audited."""

import csv
import io
from typing import Any

import openpyxl

from cases.tests.helpers import EAST, WEST, report
from core.models import AuditEntry


def _csv(response: Any) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _cases(world: Any) -> dict[str, Any]:
    resident = world.users["resident"]
    return {
        "east": report(world, description="东边垃圾"),
        "east_b": report(world, description="=HYPERLINK(1)"),
        "west": report(world, at=WEST, description="西边垃圾"),
        "resident": resident,
    }


def test_it_exports_the_desk_list_as_csv_with_masked_phones(world: Any, login: Any) -> None:
    made = _cases(world)
    client = login(world.users["community_staff"])
    r = client.get("/cases/desk/export.csv")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("text/csv")
    assert "attachment" in r["Content-Disposition"]
    rows = _csv(r)
    header, body = rows[0], rows[1:]
    assert "编号" in header or "Number" in header
    numbers = {row[0] for row in body}
    assert numbers == {made["east"].number, made["east_b"].number}  # not the west's case
    phone = made["resident"].phone
    text = r.content.decode()
    assert phone not in text
    assert f"{phone[:3]}****{phone[-4:]}" in text
    assert "'=HYPERLINK(1)" in text  # not run as a formula
    entry = AuditEntry.objects.get(action="cases.export")
    assert entry.actor == world.users["community_staff"] and entry.changes["rows"] == 2


def test_it_applies_the_desk_filters(world: Any, login: Any) -> None:
    made = _cases(world)
    from cases.actions import do_reject_case

    do_reject_case(made["east_b"], actor=world.users["community_staff"], reason="重复")
    client = login(world.users["community_staff"])
    open_rows = _csv(client.get("/cases/desk/export.csv"))[1:]
    assert [r[0] for r in open_rows] == [made["east"].number]
    rejected = _csv(client.get("/cases/desk/export.csv?status=rejected"))[1:]
    assert [r[0] for r in rejected] == [made["east_b"].number]
    assert _csv(client.get("/cases/desk/export.csv?overdue=1"))[1:] == []
    assert len(_csv(client.get(f"/cases/desk/export.csv?area={world.east_grid.code}"))) == 2


def test_it_exports_xlsx(world: Any, login: Any) -> None:
    made = _cases(world)
    # The subdistrict's queue holds its own level's cases; "all levels" exports the subtree.
    r = login(world.users["subdistrict_staff"]).get("/cases/desk/export.xlsx?level=all")
    assert r.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 4  # the header and the subdistrict's three (grid-level) cases
    numbers = {row[0] for row in values[1:]}
    assert numbers == {made["east"].number, made["east_b"].number, made["west"].number}
    assert made["resident"].phone not in str(values)


def test_it_refuses_who_may_not_use_the_desk(world: Any, login: Any) -> None:
    _cases(world)
    for persona in ("resident", "grid_worker"):
        assert login(world.users[persona]).get("/cases/desk/export.csv").status_code == 404
    assert login(world.users["community_staff"]).get("/cases/desk/export.pdf").status_code == 404
    assert not AuditEntry.objects.filter(action="cases.export").exists()
    assert EAST
