"""Reading an uploaded register file: the type is decided by content, not by the name."""

from __future__ import annotations

import csv
import io
import itertools
import json
import logging
import pickle
import signal
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.i18n import Deferred
from core.refusal import Invalid
from core.text import MESSAGE, unstorable

XLSX = "xlsx"
CSV = "csv"
GEOJSON = "geojson"
# The column a GeoJSON feature's geometry is read into (a spec's geometry column's alias).
GEOMETRY = "geometry"
CHILD = Path(__file__).with_name("xlsx_child.py")

log = logging.getLogger("linli.registers")


class FileError(Invalid):
    """The file as a whole cannot be imported (type, emptiness, columns): a refusal of the
    `file`. Its message is a lazy translation or a `core.i18n.Deferred`, kept as `args[0]`:
    stored on a job, it renders in the reader's language; `str()` and `message` render it in
    the language of the moment."""

    def __init__(self, message: Any) -> None:
        super().__init__(message, "file")
        self.args = (message,)


def max_rows() -> int:
    """An import takes at most this many rows (`LINLI_IMPORT_MAX_ROWS`)."""
    return int(getattr(settings, "LINLI_IMPORT_MAX_ROWS", 200_000))


# A workbook is refused unread if its parts unpack to more than this (a 100,000-row register
# unpacks to about 35 MB) or if it has more parts than any register workbook has.
MAX_UNPACKED = 512 * 1024 * 1024
MAX_PARTS = 1000
# The XLSX reader process's caps (xlsx_child): address space and CPU seconds.
READER_MEMORY = 1024 * 1024 * 1024
READER_CPU_SECONDS = 60


def sniff(content: bytes, filename: str = "") -> str:
    """XLSX, CSV or GeoJSON by content; anything else, or a name that contradicts the content, fails."""
    if not content or not content.strip():
        raise FileError(_("The file is empty."))
    name = filename.lower()
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    if content[:4] == b"PK\x03\x04":
        try:
            parts = zipfile.ZipFile(io.BytesIO(content)).infolist()
        except zipfile.BadZipFile as exc:
            raise FileError(_("The file is a damaged archive, not a spreadsheet.")) from exc
        if "xl/workbook.xml" not in {p.filename for p in parts}:
            raise FileError(_("The file is an archive but not an XLSX workbook."))
        # The sizes an archive declares may lie; the reader process's caps hold either way.
        if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED:
            raise FileError(
                Deferred(
                    _("The workbook unpacks to more than %(mb)d MB: it is too large to import."),
                    mb=MAX_UNPACKED >> 20,
                )
            )
        kind = XLSX
    elif content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileError(_("Old Excel (.xls) files are not supported: save the file as .xlsx."))
    elif b"\x00" in content[:65536]:
        raise FileError(_("The file is neither an XLSX workbook nor a CSV text file."))
    elif content[:1024].removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"{":
        decode_text(content)
        kind = GEOJSON
    else:
        decode_text(content)
        kind = CSV
    if ext and ext not in {"csv", "xlsx", "txt", "geojson", "json"}:
        raise FileError(Deferred(_("Upload an .xlsx or .csv file, not .%(ext)s."), ext=ext))
    named = {"csv": CSV, "xlsx": XLSX, "geojson": GEOJSON, "json": GEOJSON}
    if ext in named and named[ext] != kind:
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
    # Stops reading (the XLSX reader process); reading to the end needs no call.
    close: Callable[[], None] = lambda: None


def _blank(values: tuple[Any, ...]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _numbered(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    for number, values in enumerate(rows, start=2):
        if not _blank(values):
            yield number, values


def open_sheet(content: bytes, kind: str) -> Sheet:
    """The first sheet's header and rows. A file of more rows than `max_rows()`, a workbook
    too large to read, a field too long: FileError."""
    if kind == XLSX:
        estimated, rows, close = _read_xlsx(content)
    elif kind == GEOJSON:
        return _read_geojson(decode_text(content))
    else:
        text = decode_text(content)
        estimated, rows, close = max(0, text.count("\n") - 1), _read_csv(text), lambda: None
    try:
        if estimated > max_rows():
            raise FileError(
                Deferred(
                    _(
                        "The file has about %(n)d rows; at most %(max)d can be imported at"
                        " once: split it into several files."
                    ),
                    n=estimated,
                    max=max_rows(),
                )
            )
        header: tuple[Any, ...] | None = next(rows, None)
        if header is None or _blank(header):
            raise FileError(_("The file is empty."))
    except BaseException:
        close()
        raise
    names = ["" if v is None else str(v).strip() for v in header]
    if any(unstorable(name) for name in names):
        raise FileError(MESSAGE)
    while names and not names[-1]:
        names.pop()
    return Sheet(names, _numbered(rows), estimated, close)


def _read_geojson(text: str) -> Sheet:
    """A GeoJSON FeatureCollection (or one Feature) as a sheet: a column per property key, in
    the order first seen, a `code` column from the features' ids when no property gives one,
    and the geometry (as GeoJSON text) in the column `geometry`. Feature n is row n."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:  # nested past the parser's depth too
        raise FileError(_("The file is not valid GeoJSON.")) from exc
    if isinstance(data, dict) and data.get("type") == "Feature":
        features: Any = [data]
    elif isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features")
    else:
        features = None
    if not isinstance(features, list):
        raise FileError(_("A GeoJSON file must hold a FeatureCollection."))
    if len(features) > max_rows():
        raise FileError(
            Deferred(
                _(
                    "The file has about %(n)d rows; at most %(max)d can be imported at"
                    " once: split it into several files."
                ),
                n=len(features),
                max=max_rows(),
            )
        )
    if not features:
        raise FileError(_("The file has a header but no rows."))
    keys: dict[str, None] = {}
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if (
            not isinstance(feature, dict)
            or feature.get("type") != "Feature"
            or not isinstance(properties, dict | None)
        ):
            raise FileError(Deferred(_("Feature %(n)d is not a GeoJSON Feature."), n=number))
        keys.update(dict.fromkeys(str(k) for k in properties or {}))
    keys.pop(GEOMETRY, None)
    ids = "code" not in keys and any("id" in f for f in features)
    header = (["code"] if ids else []) + list(keys) + [GEOMETRY]
    if any(unstorable(name) for name in header):
        raise FileError(MESSAGE)

    def cell(value: Any) -> Any:
        if value is None or isinstance(value, str | int | float) and not isinstance(value, bool):
            return value
        return json.dumps(value, ensure_ascii=False)

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        for number, feature in enumerate(features, start=1):
            properties = feature.get("properties") or {}
            values = [cell(properties.get(k)) for k in keys]
            if ids:
                values.insert(0, cell(feature.get("id")))
            shape = feature.get("geometry")
            values.append(None if shape is None else json.dumps(shape))
            yield number, tuple(values)

    return Sheet(header, rows(), len(features))


def _read_csv(text: str) -> Iterator[tuple[Any, ...]]:
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    for number in itertools.count(1):
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # a field past csv.field_size_limit(), broken quoting
            if "field limit" in str(exc):
                raise FileError(
                    Deferred(
                        _(
                            "Row %(row)d has a field longer than %(limit)d characters: it cannot be read."
                        ),
                        row=number,
                        limit=csv.field_size_limit(),
                    )
                ) from exc
            raise FileError(Deferred(_("Row %(row)d cannot be read as CSV."), row=number)) from exc
        yield tuple(values)


def _read_xlsx(content: bytes) -> tuple[int, Iterator[tuple[Any, ...]], Callable[[], None]]:
    """(rows in the sheet, its rows, stop) read by calamine in a process of its own with
    capped memory and CPU time (`xlsx_child`): calamine reads a 100,000-row sheet about ten
    times faster than openpyxl, and a hostile workbook kills only that process."""
    child = subprocess.Popen(
        [sys.executable, "-I", str(CHILD), str(READER_MEMORY), str(READER_CPU_SECONDS)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert child.stdin is not None and child.stdout is not None
    stdout = child.stdout

    def stop() -> None:
        if stdout.closed:
            return
        if child.poll() is None:
            child.kill()
        stdout.close()
        code = child.wait()
        if code < 0 and code != -signal.SIGKILL:
            log.warning("the XLSX reader process ended with signal %d", -code)

    def receive() -> tuple[Any, ...]:
        try:
            message: tuple[Any, ...] = pickle.load(stdout)  # our own child's output
            return message
        except (EOFError, pickle.UnpicklingError):  # it died: a cap reached
            return ("died",)

    def rows() -> Iterator[tuple[Any, ...]]:
        try:
            while (message := receive())[0] == "rows":
                yield from message[1]
            if message[0] != "end":
                raise FileError(_("The XLSX workbook is too large to read, or damaged."))
        finally:
            stop()

    try:
        try:
            child.stdin.write(content)
            child.stdin.close()
        except BrokenPipeError:  # it died before reading it all
            pass
        first = receive()
        if first[0] == "unreadable":
            raise FileError(_("The XLSX workbook cannot be read."))
        if first[0] != "size":
            raise FileError(_("The XLSX workbook is too large to read, or damaged."))
    except BaseException:
        stop()
        raise
    return max(0, first[1] - 1), rows(), stop
