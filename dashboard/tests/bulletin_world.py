"""The bulletins' test world: the shared `world` with the categories, March 2026's hand-built
cases of the indicators' tests (known figures) and before/after photos on two closed cases,
plus a report-stage photo never chosen."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from accounts.roles import Role
from cases.indicators.tests import fixtures
from cases.models import Case, CasePhoto, Category
from cases.seed import seed_categories
from core.timeutil import SHANGHAI

MARCH = dt.date(2026, 3, 1)
# Early April 2026: March is last month, whose bulletin is due.
APRIL = dt.datetime(2026, 4, 8, 10, 0, tzinfo=SHANGHAI)


def photo(case: Case, stage: str, colour: tuple[int, int, int] = (90, 120, 90)) -> CasePhoto:
    out = io.BytesIO()
    Image.new("RGB", (48, 36), colour).save(out, format="JPEG")
    body = out.getvalue()
    return CasePhoto.objects.create(
        case=case,
        stage=stage,
        image=ContentFile(body, name="p.jpg"),
        content_type="image/jpeg",
        size=len(body),
    )


@dataclass
class BulletinWorld:
    world: Any
    closed: list[Case]
    late: Case
    report_photo: CasePhoto
    before: CasePhoto
    after: CasePhoto
    other_after: CasePhoto

    @property
    def users(self) -> dict[str, Any]:
        return dict(self.world.users)


@pytest.fixture
def bw(world: Any) -> BulletinWorld:
    seed_categories(Category)
    built = fixtures.build(world)
    closed = built["closed"]
    # Personal words on the case a bulletin presents: none of them may reach residents.
    Case.objects.filter(pk=closed[0].pk).update(
        description="张三 13912345678 说东社区花园1幢101室门口有垃圾",
        address="东社区花园1幢101室",
        caller_name="张三",
        caller_phone="13912345678",
        reporter=world.user(Role.RESIDENT, world.east_grid, "13712340000", "李四"),
        building=world.east_building,
    )
    closed[0].refresh_from_db()
    return BulletinWorld(
        world,
        closed,
        built["late"],
        report_photo=photo(closed[0], "report", (10, 10, 200)),
        before=photo(closed[0], "before", (120, 60, 20)),
        after=photo(closed[0], "after", (30, 160, 30)),
        other_after=photo(closed[1], "after", (30, 30, 30)),
    )
