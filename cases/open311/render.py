"""Open311 answers in XML (required by the spec) or JSON (the suffix chooses), and errors."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse

from core.timeutil import SHANGHAI

FORMATS = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
# The element name of one item of a list in XML.
ITEM = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "service_requests": "request",
    "errors": "error",
}


def iso(value: dt.datetime | None) -> str | None:
    """ISO 8601 with the zone, in local (Asia/Shanghai) time."""
    return value.astimezone(SHANGHAI).isoformat(timespec="seconds") if value else None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(parent: ET.Element, name: str, value: Any) -> None:
    node = ET.SubElement(parent, name)
    if isinstance(value, dict):
        for key, inner in value.items():
            _fill(node, key, inner)
    elif isinstance(value, list):
        for inner in value:
            _fill(node, ITEM.get(name, "item"), inner)
    else:
        node.text = _text(value)


def to_xml(root: str, value: Any) -> bytes:
    top = ET.Element(root)
    if isinstance(value, list):
        for item in value:
            _fill(top, ITEM.get(root, "item"), item)
    else:
        for key, inner in value.items():
            _fill(top, key, inner)
    body = ET.tostring(top, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body


def respond(fmt: str, root: str, value: Any, status: int = 200) -> HttpResponse:
    body = json.dumps(value, ensure_ascii=False).encode() if fmt == "json" else to_xml(root, value)
    return HttpResponse(body, status=status, content_type=FORMATS[fmt])


def errors(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    """The spec's error list: [{code, description}], `<errors><error>` in XML."""
    return respond(
        fmt,
        "errors",
        [{"code": status, "description": str(d)} for d in descriptions],
        status=status,
    )
