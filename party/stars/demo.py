"""Demo part of star rating: the default criteria; last year's ratings published for every
branch, and this year's in various steps (not opened, being self-assessed, awaiting review,
reviewed). Scores are drawn from a random stream of their own (so the other apps' draws stay
as they were) and never depend on the day: only the years are today's and the last. The
demo's figures are drawn, not measured: the demo holds no history of last year to measure."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from core import timeutil
from party.models import OrgLevel, PartyOrganisation
from party.stars import scoring
from party.stars.models import (
    Assessment,
    AssessmentItem,
    AssessmentStatus,
    AssessmentStep,
    Criterion,
    StarScale,
    seed_default_criteria,
)

S = AssessmentStatus
EVIDENCE = ["支委分工表、书记述职报告", "阵地照片与活动台账", "居民满意度测评表", "会议记录"]
# This year's step by draw: not opened, self-assessing, awaiting review, reviewed.
STEPS = ((0.3, None), (0.55, S.DRAFT), (0.8, S.SUBMITTED), (1.0, S.REVIEWED))
PATH = {
    S.SUBMITTED: ["submit"],
    S.REVIEWED: ["submit", "review"],
    S.PUBLISHED: ["submit", "review", "publish"],
}
AFTER = {"submit": S.SUBMITTED, "review": S.REVIEWED, "publish": S.PUBLISHED}
BEFORE = {"submit": S.DRAFT, "review": S.SUBMITTED, "publish": S.REVIEWED}


def _items(a: Assessment, criteria: list[Criterion], rng: random.Random, status: str) -> list[Any]:
    rows = []
    for c in criteria:
        share = Decimal(str(round(rng.uniform(0.45, 1.0), 2)))
        score = (c.points * share).quantize(Decimal("0.1"))
        item = AssessmentItem(
            assessment=a,
            criterion=c,
            title=c.title,
            measure=c.measure,
            points=c.points,
            target=c.target,
            evidence_asked=c.evidence,
            position=c.position,
        )
        if c.measure:
            if status != S.DRAFT:
                item.measured = ((c.target or Decimal(1)) * share).quantize(Decimal("0.01"))
                item.self_score = score
        elif status != S.DRAFT or rng.random() < 0.5:
            item.self_score = score
            item.evidence = rng.choice(EVIDENCE)
            if status in (S.REVIEWED, S.PUBLISHED):
                item.review_score = max(Decimal(0), score - rng.choice([0, 0, 1, 2]))
        rows.append(item)
    return rows


def generate(ctx: Any) -> None:
    seed_default_criteria()
    rng = random.Random(ctx.seed * 1000 + 15)
    this = timeutil.today().year
    now = timezone.now()
    thresholds = (StarScale.objects.first() or StarScale()).thresholds
    criteria = list(Criterion.objects.filter(active=True).order_by("position", "pk"))
    branches = PartyOrganisation.objects.filter(level=OrgLevel.BRANCH).order_by("code")
    made: list[tuple[Assessment, list[Any]]] = []
    for branch in branches:
        draw = rng.random()
        current = next(step for ceiling, step in STEPS if draw < ceiling)
        for year, status in ((this - 1, S.PUBLISHED), (this, current)):
            if status is None:
                continue
            a = Assessment(
                organisation=branch,
                year=year,
                status=status,
                max_points=sum(c.points for c in criteria),
            )
            items = _items(a, criteria, rng, status)
            a.total = scoring.total(items)
            if status == S.PUBLISHED:
                a.stars = scoring.stars(a.percent, thresholds)
                a.published_at = now
            made.append((a, items))
    Assessment.objects.bulk_create([a for a, _i in made], batch_size=1000)
    AssessmentItem.objects.bulk_create([i for _a, items in made for i in items], batch_size=2000)
    AssessmentStep.objects.bulk_create(
        [
            AssessmentStep(assessment=a, action=act, before=BEFORE[act], after=AFTER[act], at=now)
            for a, _i in made
            for act in PATH.get(S(a.status), [])
        ],
        batch_size=2000,
    )
    ctx.log(f"party stars: {len(made)} assessments")
