"""Demo: the district's Open311 key (derived from a fixed seed, so `make demo` can print it)
and a few service attributes, so that some services answer `metadata=true`."""

from __future__ import annotations

import hashlib
from typing import Any

from cases.models import Category
from cases.open311.actions import do_issue_api_key, service_account
from cases.open311.models import ApiKey, ServiceAttribute, hash_key

DEMO_KEY_NAME = "Open311 演示客户端"


def demo_key() -> str:
    return "demo-" + hashlib.sha256(b"linli-open311-demo-key").hexdigest()[:27]


ATTRIBUTES: list[tuple[str, dict[str, Any]]] = [
    (
        "B0103",
        {
            "code": "pole_number",
            "description": "路灯杆编号（杆上的铭牌）",
            "datatype": "string",
            "required": False,
            "order": 1,
        },
    ),
    (
        "Z0201",
        {
            "code": "blocked",
            "description": "通道堵塞程度",
            "datatype": "singlevaluelist",
            "required": True,
            "order": 1,
            "values": [{"key": "partly", "name": "部分堵塞"}, {"key": "fully", "name": "完全堵塞"}],
        },
    ),
    (
        "S0502",
        {
            "code": "vehicles",
            "description": "车辆数",
            "datatype": "number",
            "required": False,
            "order": 1,
        },
    ),
]


def generate(ctx: Any) -> None:
    key = demo_key()
    if not ApiKey.objects.filter(key_hash=hash_key(key)).exists():
        user = service_account("Open311 演示客户端")
        do_issue_api_key(
            name=DEMO_KEY_NAME, user=user, area=ctx.data.get("district"), actor=None, key=key
        )
    categories = {c.code: c for c in Category.objects.filter(code__in=[a for a, _ in ATTRIBUTES])}
    ServiceAttribute.objects.bulk_create(
        [
            ServiceAttribute(category=categories[code], **fields)
            for code, fields in ATTRIBUTES
            if code in categories
        ],
        ignore_conflicts=True,
    )


def describe(ctx: Any) -> list[str]:
    return [
        "",
        f"Open311 GeoReport v2: /open311/v2/discovery.xml — demo api_key: {demo_key()}",
        "  curl -d api_key=... -d service_code=S0101 -d lat=... -d long=... "
        "-d description=... http://HOST/open311/v2/requests.json",
    ]
