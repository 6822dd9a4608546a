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


def _zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of (name, deflated data, crc32, uncompressed size) members, written by hand so a
    test can give a member a stream it deflated itself."""
    import struct

    body = io.BytesIO()
    directory = io.BytesIO()
    for name, data, crc, size in members:
        raw = name.encode()
        offset = body.tell()
        fields = (20, 0, 8, 0, 0, crc, len(data), size, len(raw))
        body.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + raw + data)
        directory.write(
            struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0, offset) + raw
        )
    entries = len(members)
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, entries, entries, directory.tell(), body.tell(), 0
    )
    return body.getvalue() + directory.getvalue() + end


def zip_bomb_xlsx(rows: list[list[Any]], gib: int = 1) -> bytes:
    """A real workbook of `rows` whose sheet XML goes on with `gib` GiB of spaces (valid XML
    whitespace), deflated to about a megabyte: each MiB of spaces is one full-flushed block,
    the same bytes every time, so the stream is built without compressing a GiB."""
    import zipfile
    import zlib

    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(rows)))
    members = []
    for info in source.infolist():
        text = source.read(info)
        pack = zlib.compressobj(9, zlib.DEFLATED, -15)
        if info.filename != "xl/worksheets/sheet1.xml":
            data = pack.compress(text) + pack.flush()
            members.append((info.filename, data, zlib.crc32(text), len(text)))
            continue
        cut = text.index(b"<sheetData>")
        head, tail = text[:cut], text[cut:]
        spaces = b" " * (1 << 20)
        first = pack.compress(head) + pack.flush(zlib.Z_FULL_FLUSH)
        block = pack.compress(spaces) + pack.flush(zlib.Z_FULL_FLUSH)
        crc = zlib.crc32(head)
        for _ in range(gib << 10):
            crc = zlib.crc32(spaces, crc)
        data = first + block * (gib << 10) + pack.compress(tail) + pack.flush()
        size = len(head) + (gib << 30) + len(tail)
        members.append((info.filename, data, zlib.crc32(tail, crc), size))
    return _zip(members)


def wide_xlsx(header: list[str], cell: str = "XFD1048576") -> bytes:
    """A header and one more cell far away: reading it densely needs (rows × columns) cells."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    sheet[cell] = "x"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
