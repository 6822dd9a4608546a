from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

from django.test import Client

EAST = (120.63, 28.005)


def post(client: Client, world: Any, fmt: str = "json", **data: Any) -> Any:
    body = {
        "api_key": world.api_key,
        "service_code": "S0101",
        "lat": str(EAST[1]),
        "long": str(EAST[0]),
        "description": "路口垃圾没人清理",
    }
    body.update(data)
    body = {k: v for k, v in body.items() if v is not None}
    return client.post(f"/open311/v2/requests.{fmt}", body)


def parse(response: Any) -> Any:
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content)
    return ET.fromstring(response.content)


def xml_errors(response: Any) -> list[tuple[str, str]]:
    root = ET.fromstring(response.content)
    assert root.tag == "errors"
    return [(e.findtext("code") or "", e.findtext("description") or "") for e in root]
