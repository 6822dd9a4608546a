"""The demo's bulletins (run after the other apps' demos, `linli.demo.PARTS`): last month's
bulletin of every subdistrict and community, published, each presenting typical cases with a
before and an after photo (drawn here: a lane with rubbish, then swept; no person, no plate).

Which cases carry photos is fixed by the cases' own rows (the first closed cases of each
community, by id, among the recent cases `cases.demo` wrote — the year of cases places its
cases by the season, so which community holds how many of them follows the load day), not by
the day, so the demo holds the same rows whatever day it is loaded; the month is the load
day's last month in Asia/Shanghai."""

from __future__ import annotations

import io
import random
from typing import Any

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from accounts.roles import Role
from areas.models import Area
from cases.models import Case, CasePhoto, PhotoStage
from cases.workflow import Status
from dashboard.bulletins import actions, selectors
from dashboard.bulletins.models import Bulletin

PER_COMMUNITY = 2
PER_SUBDISTRICT = 3
SIZE = (320, 240)


def _jpeg(image: Image.Image) -> ContentFile:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return ContentFile(out.getvalue(), name="demo.jpg")


def _pictures(seed: int) -> tuple[ContentFile, ContentFile]:
    """A lane with litter and a heap by the wall, and the same lane swept."""
    rng = random.Random(seed)
    wall = (150 + rng.randrange(40), 140 + rng.randrange(40), 130)
    after = Image.new("RGB", SIZE, (185, 185, 180))
    draw = ImageDraw.Draw(after)
    draw.rectangle((0, 0, SIZE[0], 90), fill=wall)
    draw.line((0, 200, SIZE[0], 170), fill=(120, 120, 120), width=3)
    before = after.copy()
    draw = ImageDraw.Draw(before)
    for _ in range(14):
        x, y = rng.randrange(20, 300), rng.randrange(100, 220)
        r = rng.randrange(6, 22)
        colour = (90 + rng.randrange(60), 60 + rng.randrange(40), 30)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    return _jpeg(before), _jpeg(after)


def _with_photos(community: Area, actor: Any, last_recent: int) -> list[Case]:
    cases = list(
        Case.objects.filter(
            area_code__startswith=community.code, status=Status.CLOSED, pk__lte=last_recent
        ).order_by("pk")[:PER_COMMUNITY]
    )
    for case in cases:
        before, after = _pictures(case.pk)
        for stage, content in ((PhotoStage.BEFORE, before), (PhotoStage.AFTER, after)):
            CasePhoto.objects.create(
                case=case,
                stage=stage,
                image=content,
                content_type="image/jpeg",
                size=content.size,
                uploaded_by=actor,
            )
    return cases


def _pick(bulletin: Bulletin, cases: list[Case], actor: Any) -> None:
    for case in cases:
        photos = {p.stage: p.pk for p in case.photos.all()}
        actions.do_pick_typical_case(
            bulletin,
            case=case,
            caption=f"{case.category.name}：接报后网格员现场核实，责任单位及时处置，已办结。",
            before=photos.get(PhotoStage.BEFORE),
            after=photos.get(PhotoStage.AFTER),
            photos_checked=True,
            actor=actor,
        )


def generate(ctx: Any) -> None:
    users = ctx.data.get("users", {})
    actor = users.get(str(Role.DISTRICT_STAFF)) or users.get(str(Role.ADMIN))
    if actor is None:
        return
    month = selectors.due_month()
    communities = list(Area.objects.filter(level="community", active=True).order_by("code"))
    # The recent cases are the first `ctx.data["cases"]` rows (cases.demo runs before the year).
    recent = list(
        Case.objects.order_by("pk").values_list("pk", flat=True)[: ctx.data.get("cases", 0)]
    )
    last_recent = recent[-1] if recent else 0
    shown = {c.code: _with_photos(c, actor, last_recent) for c in communities}
    published = 0
    for community in communities:
        bulletin = actions.do_draft_bulletin(community, month=month, actor=actor)
        _pick(bulletin, shown[community.code], actor)
        actions.do_publish_bulletin(bulletin, actor=actor)
        published += 1
    for subdistrict in Area.objects.filter(level="subdistrict", active=True).order_by("code"):
        picks = [
            cases[0] for code, cases in shown.items() if code.startswith(subdistrict.code) and cases
        ][:PER_SUBDISTRICT]
        bulletin = actions.do_draft_bulletin(subdistrict, month=month, actor=actor)
        _pick(bulletin, picks, actor)
        actions.do_publish_bulletin(bulletin, actor=actor)
        published += 1
    ctx.data["bulletins"] = published
    ctx.log(f"bulletins: {published} published for {month:%Y-%m}")


def describe(ctx: Any) -> list[str]:
    published = Bulletin.objects.filter(status="published").count()
    if not published:
        return []
    return [
        f"Bulletins: {published} published (/dashboard/bulletins/); "
        "residents read their published results at /dashboard/results/"
    ]
