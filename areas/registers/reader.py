"""Reading an uploaded register file: the type is decided by content, not by the name."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.i18n import Deferred
from core.refusal import Invalid

XLSX = "xlsx"
CSV = "csv"


class FileError(Invalid):
    """The file as a whole cannot be imported (type, emptiness, columns): a refusal of the
    `file`. Its message is a lazy translation or a `core.i18n.Deferred`, kept as `args[0]`:
    stored on a job, it renders in the reader's language; `str()` and `message` render it in
    the language of the moment."""

    def __init__(self, message: Any) -> None:
        super().__init__(message, "file")
        self.args = (message,)


def sniff(content: bytes, filename: str = "") -> str:
    """XLSX or CSV by content; anything else, or a name that contradicts the content, fails."""
    if not content or not content.strip():
        raise FileError(_("The file is empty."))
    name = filename.lower()
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    if content[:4] == b"PK\x03\x04":
        try:
            names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
        except zipfile.BadZipFile as exc:
            raise FileError(_("The file is a damaged archive, not a spreadsheet.")) from exc
        if "xl/workbook.xml" not in names:
            raise FileError(_("The file is an archive but not an XLSX workbook."))
        kind = XLSX
    elif content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileError(_("Old Excel (.xls) files are not supported: save the file as .xlsx."))
    elif b"\x00" in content[:65536]:
        raise FileError(_("The file is neither an XLSX workbook nor a CSV text file."))
    else:
        decode_text(content)
        kind = CSV
    if ext and ext not in {"csv", "xlsx", "txt"}:
        raise FileError(Deferred(_("Upload an .xlsx or .csv file, not .%(ext)s."), ext=ext))
    if ext == "xlsx" and kind == CSV or ext == "csv" and kind == XLSX:
        raise FileError(
            Deferred(
                _("The file is named .%(ext)s but its content is %(kind)s."),
                ext=ext,
                kind=kind.upper(),
            )
        )
    return kind


def decode_text(content: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 as Excel on Chinese Windows writes it."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileError(_("The file is neither an XLSX workbook nor a CSV text file."))


@dataclass
class Sheet:
    header: list[str]
    # (spreadsheet row number, cell values); the header is row 1.
    rows: Iterator[tuple[int, tuple[Any, ...]]]
    estimated_rows: int


def _blank(values: tuple[Any, ...]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _numbered(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    for number, values in enumerate(rows, start=2):
        if not _blank(values):
            yield number, values


def open_sheet(content: bytes, kind: str) -> Sheet:
    if kind == XLSX:
        # calamine (Rust) reads a 100,000-row sheet about ten times faster than openpyxl.
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(content))
            sheet = book.get_sheet_by_index(0)
        except Exception as exc:  # calamine raises several kinds for broken workbooks
            raise FileError(_("The XLSX workbook cannot be read.")) from exc
        rows = (tuple(r) for r in sheet.iter_rows())
        estimated = max(0, sheet.height - 1)
    else:
        text = decode_text(content)
        try:
            dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = (tuple(r) for r in csv.reader(io.StringIO(text), dialect))
        estimated = max(0, text.count("\n") - 1)
    header: tuple[Any, ...] | None = None
    for values in rows:
        header = values
        break
    if header is None or _blank(header):
        raise FileError(_("The file is empty."))
    names = ["" if v is None else str(v).strip() for v in header]
    while names and not names[-1]:
        names.pop()
    return Sheet(names, _numbered(rows), estimated)
