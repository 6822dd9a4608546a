"""Parsing one cell of a register file into a field value, with a clear reason when it is bad."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.i18n import Deferred
from core.text import MESSAGE, unstorable


class CellError(ValueError):
    """A bad cell: `message` (a lazy translation) with named `params`, kept as a Deferred so
    the job's report renders in its reader's language."""

    def __init__(self, message: Any, /, **params: Any) -> None:
        self.message = Deferred(message, **params)
        super().__init__(str(self.message))


class Keep:
    """A masked personal number (138****1234) that matches what is stored: keep the stored one."""

    def __init__(self, masked: str) -> None:
        self.masked = masked

    def __repr__(self) -> str:
        return f"Keep({self.masked!r})"


@dataclass(frozen=True)
class Column:
    key: str
    header: Any  # a lazy Chinese/English label; templates use its Chinese form
    parse: Callable[[Any], Any]
    required: bool = False
    help: Any = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)

    def zh_header(self) -> str:
        with translation.override("zh-hans"):
            return str(self.header)

    def names(self) -> set[str]:
        out = {normalise_header(self.key), normalise_header(self.zh_header())}
        with translation.override("en"):
            out.add(normalise_header(str(self.header)))
        out.update(normalise_header(a) for a in self.aliases)
        return out


def normalise_header(value: str) -> str:
    return re.sub(r"[\s*＊（）()_]+", "", str(value)).lower()


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    out = str(value).strip()
    if unstorable(out):
        raise CellError(MESSAGE)
    return out


def string(max_length: int) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        out = text(value)
        if len(out) > max_length:
            raise CellError(_("At most %(n)d characters."), n=max_length)
        return out

    return parse


CODE = re.compile(r"[0-9A-Za-z_\-.]*")


def code(value: Any) -> str:
    out = text(value)
    if len(out) > 40 or not CODE.fullmatch(out):
        raise CellError(_("A code has at most 40 letters, digits, '-', '_' or '.'."))
    return out


def integer(low: int, high: int, default: int | None = None) -> Callable[[Any], int | None]:
    def parse(value: Any) -> int | None:
        raw = text(value)
        if raw == "":
            return default
        try:
            number = int(raw)
        except ValueError as exc:
            raise CellError(_("Not a whole number.")) from exc
        if not low <= number <= high:
            raise CellError(_("Must be between %(low)d and %(high)d."), low=low, high=high)
        return number

    return parse


def decimal(low: float, high: float) -> Callable[[Any], float | None]:
    def parse(value: Any) -> float | None:
        raw = text(value)
        if raw == "":
            return None
        try:
            number = float(raw)
        except ValueError as exc:
            raise CellError(_("Not a number.")) from exc
        if not low <= number <= high:
            raise CellError(_("Must be between %(low)s and %(high)s."), low=low, high=high)
        return number

    return parse


def date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    if raw == "":
        return None
    for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d"):
        try:
            return dt.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise CellError(_("Not a date: write it as 1960-05-01."))


def choice(
    choices: type[models.TextChoices], names: dict[str, str] | None = None
) -> Callable[[Any], str]:
    """A value, its label in Chinese or English, or one of the fixed Chinese `names`."""
    lookup: dict[str, str] = {v: k for k, v in (names or {}).items()}

    def parse(value: Any) -> str:
        if len(lookup) <= len(names or {}):
            for key, label in choices.choices:
                lookup[key.lower()] = key
                for lang in ("zh-hans", "en"):
                    with translation.override(lang):
                        lookup[str(label).lower()] = key
        raw = text(value).lower()
        if raw == "":
            return ""
        if raw not in lookup:
            raise CellError(
                _("Unknown value “%(value)s”; use one of: %(options)s."),
                value=text(value),
                options=list(choices.labels),
            )
        return lookup[raw]

    return parse


GENDERS = {"m": "M", "男": "M", "male": "M", "f": "F", "女": "F", "female": "F"}


def gender(value: Any) -> str:
    raw = text(value).lower()
    if raw == "":
        return ""
    if raw not in GENDERS:
        raise CellError(_("Gender is 男 or 女 (M or F)."))
    return GENDERS[raw]


TRUE = {"1", "是", "y", "yes", "true", "t"}
FALSE = {"", "0", "否", "n", "no", "false", "f"}


def boolean(value: Any) -> bool:
    raw = text(value).lower()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise CellError(_("Write 是 or 否."))


def tags(
    choices: type[models.TextChoices], names: dict[str, str] | None = None
) -> Callable[[Any], list[str]]:
    one = choice(choices, names)

    def parse(value: Any) -> list[str]:
        parts = [p for p in re.split(r"[,，、;；|\s]+", text(value)) if p]
        out: list[str] = []
        for part in parts:
            key = one(part)
            if key not in out:
                out.append(key)
        return out

    return parse


MOBILE = re.compile(r"1[3-9]\d{9}")
LANDLINE = re.compile(r"0\d{9,11}")


def phone(value: Any) -> str | Keep:
    raw = re.sub(r"[\s\-()+]", "", text(value))
    if raw.startswith("86") and len(raw) == 13:
        raw = raw[2:]
    if raw == "":
        return ""
    if "*" in raw:
        return Keep(raw)
    if not (MOBILE.fullmatch(raw) or LANDLINE.fullmatch(raw)):
        raise CellError(
            _("Not a phone number: 11 digits starting with 1, or a landline with area code.")
        )
    return raw


ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_number(value: Any) -> str | Keep:
    raw = text(value).upper().replace(" ", "")
    if raw == "":
        return ""
    if "*" in raw:
        return Keep(raw)
    if not re.fullmatch(r"\d{17}[\dX]", raw):
        raise CellError(_("An ID number has 18 characters: 17 digits and a digit or X."))
    try:
        dt.datetime.strptime(raw[6:14], "%Y%m%d")
    except ValueError as exc:
        raise CellError(_("The ID number holds no valid birth date.")) from exc
    check = ID_CHECK[sum(int(d) * w for d, w in zip(raw[:17], ID_WEIGHTS, strict=True)) % 11]
    if raw[17] != check:
        raise CellError(_("The ID number's check digit is wrong."))
    return raw


def geojson(value: Any) -> dict[str, Any] | None:
    raw = text(value)
    if raw == "":
        return None
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise CellError(_("The boundary is not valid GeoJSON.")) from exc
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or data.get("type") not in {"Polygon", "MultiPolygon"}:
        raise CellError(_("The boundary must be a GeoJSON Polygon or MultiPolygon."))
    from shapely.geometry import shape

    try:
        geometry = shape(data)
    except Exception as exc:  # shapely raises several kinds for malformed coordinates
        raise CellError(_("The boundary's coordinates are malformed.")) from exc
    minx, miny, maxx, maxy = geometry.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise CellError(_("The boundary must be in longitude, latitude (WGS-84)."))
    if not geometry.is_valid:
        raise CellError(_("The boundary polygon intersects itself."))
    return data
