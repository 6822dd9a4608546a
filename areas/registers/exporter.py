"""Writing registers and their templates as XLSX or CSV (Chinese headers, masked numbers)."""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from areas.registers.engine import Spec
from areas.registers.reader import CSV, GEOJSON, XLSX

CONTENT_TYPES = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    CSV: "text/csv; charset=utf-8",
    GEOJSON: "application/geo+json",
}


def formats(spec: Spec) -> list[str]:
    """The file formats `spec` exports to: GeoJSON too where it has a geometry column."""
    return [XLSX, CSV, GEOJSON] if spec.geometry_column else [XLSX, CSV]


class _Echo:
    def write(self, value: str) -> str:
        return value


def headers(spec: Spec) -> list[str]:
    return [c.zh_header() for c in spec.columns]


def csv_lines(spec: Spec, rows: Iterable[list[Any]]) -> Iterator[str]:
    """CSV with a BOM so Excel opens the Chinese text as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(headers(spec))
    for row in rows:
        yield writer.writerow(row)


def geojson_lines(spec: Spec, rows: Iterable[list[Any]]) -> Iterator[str]:
    """A FeatureCollection, one feature per row: the geometry column as its geometry, the
    other columns as properties under their keys (so the file imports again as it is)."""
    keys = [c.key for c in spec.columns]
    at = keys.index(spec.geometry_column or "")
    yield '{"type": "FeatureCollection", "features": ['
    separator = "\n"
    for row in rows:
        shape = row[at]
        properties = {k: v for i, (k, v) in enumerate(zip(keys, row, strict=True)) if i != at}
        feature = {
            "type": "Feature",
            "geometry": json.loads(shape) if isinstance(shape, str) and shape else shape or None,
            "properties": properties,
        }
        yield separator + json.dumps(feature, ensure_ascii=False, default=str)
        separator = ",\n"
    yield "\n]}\n"


def xlsx_file(spec: Spec, rows: Iterable[list[Any]], notes: bool = False) -> IO[bytes]:
    """A write-only workbook spooled to a temporary file (constant memory for large exports)."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(str(spec.label)[:31])
    sheet.append(headers(spec))
    for row in rows:
        sheet.append(row)
    if notes:
        help_sheet = book.create_sheet(pgettext("template sheet", "Notes")[:31])
        help_sheet.append([_("Column"), _("Key"), _("Required"), _("Format")])
        for column in spec.columns:
            help_sheet.append(
                [
                    column.zh_header(),
                    column.key,
                    _("yes") if column.required else _("no"),
                    str(column.help or FORMATS.get(column.key, "")),
                ]
            )
    # Handed to the response, which closes it.
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    book.save(out)
    out.seek(0)
    return out


def rows_of(spec: Spec, user: Any) -> Iterator[list[Any]]:
    return spec.export_rows(user)


def template(spec: Spec, kind: str) -> bytes:
    with translation.override("zh-hans"):
        if kind == XLSX:
            return xlsx_file(spec, [], notes=True).read()
        return "".join(csv_lines(spec, [])).encode("utf-8")


FORMATS = {
    "code": gettext_lazy("Unique code; re-importing a code updates that row"),
    "level": "区县 / 街道 / 社区 / 网格 / 微网格",
    "parent_code": gettext_lazy("Code of the parent area (may be left empty)"),
    "kind": "行政 / 居住 / 工业 / 商业 / 专属 / 混合",
    "boundary": gettext_lazy("GeoJSON Polygon in longitude, latitude"),
    "lon": "120.65",
    "lat": "28.01",
    "birth_date": "1960-05-01",
    "gender": "男 / 女",
    "phone": "13812345678",
    "id_number": gettext_lazy("18 characters"),
    "tags": "独居老人、低保、残疾、退役军人、留守儿童、党员、能人",
    "is_head": "是 / 否",
}
