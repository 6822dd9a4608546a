"""A bulletin prints as a PDF (Chinese in reportlab's CID font) and downloads as an XLSX
workbook, on the page and in the API, from what the bulletin stores."""

from __future__ import annotations

import base64
import io
import re
import zlib
from typing import Any

import pytest
import time_machine
from openpyxl import load_workbook

from dashboard.bulletins import actions, export
from dashboard.bulletins.models import Bulletin
from dashboard.tests.bulletin_world import APRIL, MARCH, bw  # noqa: F401

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    """The text runs of a reportlab PDF's content streams (no pypdf here): each stream
    ASCII85- and Flate-decoded, each string of a CID font read as UTF-16 big-endian."""
    found = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        raw = match.group(1).strip()
        if raw.endswith(b"~>"):
            try:
                raw = zlib.decompress(base64.a85decode(raw[:-2], adobe=False))
            except (ValueError, zlib.error):
                continue
        for literal in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", raw, re.S):
            unescaped = re.sub(
                rb"\\([0-7]{1,3}|.)",
                lambda m: (
                    bytes([int(m.group(1), 8)])
                    if m.group(1)[:1].isdigit()
                    else {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(m.group(1), m.group(1))
                ),
                literal,
            )
            found.append(unescaped.decode("utf-16-be", errors="replace"))
    return "".join(found)


def _published(bw: Any) -> Bulletin:  # noqa: F811
    staff = bw.users["community_staff"]
    with time_machine.travel(APRIL, tick=False):
        b = actions.do_draft_bulletin(bw.world.east, month=MARCH, actor=staff)
        actions.do_edit_bulletin(b, title="东社区三月通报", actor=staff)
        actions.do_pick_typical_case(b, case=bw.closed[0], caption="楼道垃圾已清运", actor=staff)
        actions.do_publish_bulletin(b, actor=staff)
    b.refresh_from_db()
    return b


def test_the_pdf_carries_the_title_wording_and_figures(bw) -> None:  # noqa: F811
    b = _published(bw)
    data = export.pdf(b)
    assert data.startswith(b"%PDF")
    assert b"STSong-Light" in data
    text = pdf_text(data)
    assert "东社区三月通报" in text
    assert "楼道垃圾已清运" in text
    assert "70.0%" in text  # the on-time closure rate


def test_the_xlsx_carries_the_title_and_each_table(bw) -> None:  # noqa: F811
    b = _published(bw)
    book = load_workbook(io.BytesIO(export.xlsx(b)))
    first = book.worksheets[0]
    assert first["A1"].value == "东社区三月通报"
    assert first["B2"].value == "东社区"
    assert len(book.worksheets) == 7
    cells = [c for row in book.worksheets[1].iter_rows(values_only=True) for c in row]
    assert 10 in cells and "70.0%" in cells  # due, on-time closure rate
    typical = [row for row in book.worksheets[6].iter_rows(values_only=True)]
    assert typical[1][2] == "楼道垃圾已清运" and typical[1][1] == "东社区花园"


def test_the_files_come_from_the_page_and_the_api(bw, client) -> None:  # noqa: F811
    b = _published(bw)
    client.force_login(bw.users["grid_worker"])
    page = client.get(f"/dashboard/bulletins/{b.pk}/pdf/")
    assert page["Content-Type"] == "application/pdf" and page.content.startswith(b"%PDF")
    api = client.get(f"/api/v1/dashboard/bulletins/{b.pk}/xlsx")
    assert api.status_code == 200 and api["Content-Type"] == export.XLSX
    assert load_workbook(io.BytesIO(api.content)).worksheets[0]["A1"].value == "东社区三月通报"
    client.force_login(bw.users["outsider"])
    assert client.get(f"/api/v1/dashboard/bulletins/{b.pk}/pdf").status_code == 404


def test_the_schema_documents_the_files_as_binary(client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    pdf = schema["paths"]["/api/v1/dashboard/bulletins/{bulletin_id}/pdf"]["get"]
    assert pdf["responses"]["200"]["content"]["application/pdf"]["schema"]["format"] == "binary"
    xlsx = schema["paths"]["/api/v1/dashboard/bulletins/{bulletin_id}/xlsx"]["get"]
    assert export.XLSX in xlsx["responses"]["200"]["content"]
