"""Building register files in memory for the tests."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl

from core.models import AuditEntry


def csv_bytes(rows: list[list[Any]], encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_xlsx(content: bytes) -> list[list[Any]]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


HOUSEHOLD_HEADER = ["户编码", "楼栋编码", "网格编码", "单元", "楼层", "房号", "地址"]


def household_rows(n: int, building: str = "EC1B1", start: int = 10) -> list[list[Any]]:
    return [
        [f"{building}H{i}", building, "", 1, 3, f"3{i:02d}", f"东社区花园1幢3{i:02d}室"]
        for i in range(start, start + n)
    ]


def audit_count(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()
