"""The demo's 双向领办与评价: in each community a partner unit claims one of the open needs
and an in-service member registered there (双报到) often claims another; a project under way
is sometimes claimed by a unit. Some claims wait for delivery, some for the community's
rating, the rest are rated, with a few residents' ratings. The first community has a
delivery waiting for its staff to rate.

Built back from now with draws that never depend on the day, from its own random stream so
the other parts' draws stay as they were."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from accounts.models import User
from areas.models import Area, Resident
from party.models import PartnerUnit, PartyMember
from volunteering.demo.people import residents_in
from volunteering.models import (
    Claim,
    ClaimEvent,
    ClaimRating,
    ClaimStatus,
    Need,
    NeedStatus,
    Project,
    ProjectStatus,
)

K = ClaimStatus
PLANS = ["组织单位志愿者上门服务", "提供场地和物资", "派技术人员负责维修", "每周安排两名党员值守"]
REPORTS = ["已完成，共服务居民20余户", "已按计划完成，照片已存档", "已完成并建立长效机制"]
COMMENTS = ["响应及时，居民满意", "效果明显", "完成较好，建议常态化", ""]
RESIDENT_COMMENTS = ["很满意", "辛苦了", "希望多开展", ""]


def _status(rng: random.Random) -> str:
    draw = rng.random()
    return K.RATED if draw < 0.45 else K.DELIVERED if draw < 0.7 else K.CLAIMED


def generate(ctx: Any, communities: list[Area], staff: User | None, now: dt.datetime) -> None:
    rng = random.Random(ctx.seed * 1000 + 1501)
    units = list(PartnerUnit.objects.order_by("code"))
    if not units:
        return
    open_needs: dict[int, list[Need]] = {}
    for n in Need.objects.filter(community__in=communities, status=NeedStatus.OPEN).order_by("pk"):
        open_needs.setdefault(n.community_id, []).append(n)
    running = {
        p.community_id: p
        for p in Project.objects.filter(
            community__in=communities, status=ProjectStatus.IN_PROGRESS
        ).order_by("-pk")
    }
    registered: dict[int, list[PartyMember]] = {}
    for m in PartyMember.objects.filter(in_service=True, home_community__in=communities).order_by(
        "code"
    ):
        registered.setdefault(m.home_community_id or 0, []).append(m)
    # (community, need, project, unit, member, status, days back)
    plans: list[tuple[Area, Need | None, Project | None, Any, Any, str, int]] = []
    for i, c in enumerate(communities):
        needs = open_needs.get(c.pk, [])
        members = registered.get(c.pk, [])
        if needs:
            status = K.DELIVERED if i == 0 else _status(rng)
            plans.append((c, needs[0], None, rng.choice(units), None, status, rng.randint(8, 90)))
        if len(needs) > 1 and members and rng.random() < 0.6:
            member = rng.choice(members)
            plans.append((c, needs[1], None, None, member, _status(rng), rng.randint(8, 90)))
        if c.pk in running and rng.random() < 0.3:
            unit = rng.choice(units)
            plans.append((c, None, running[c.pk], unit, None, _status(rng), rng.randint(8, 90)))
    claims: list[Claim] = []
    events: list[ClaimEvent] = []
    for c, need, project, unit, member, status, back in plans:
        claimed_at = now - dt.timedelta(days=back, hours=rng.randint(0, 8))
        delivered_at = claimed_at + dt.timedelta(days=rng.randint(1, back // 2))
        rated_at = delivered_at + dt.timedelta(days=rng.randint(0, 2), hours=2)
        rated_at = min(rated_at, now - dt.timedelta(hours=1))
        score = rng.choice([5, 5, 4, 4, 3])
        claim = Claim(
            community=c,
            need=need,
            project=project,
            partner_unit=unit,
            member=member,
            plan=rng.choice(PLANS),
            status=status,
            claimed_at=claimed_at,
            report=rng.choice(REPORTS) if status != K.CLAIMED else "",
            delivered_at=delivered_at if status != K.CLAIMED else None,
            score=score if status == K.RATED else None,
            comment=rng.choice(COMMENTS) if status == K.RATED else "",
            rated_by=staff if status == K.RATED else None,
            rated_at=rated_at if status == K.RATED else None,
        )
        claims.append(claim)
    Claim.objects.bulk_create(claims, batch_size=1000)
    ratings: list[ClaimRating] = []
    for claim in claims:
        steps = [("claim", "", K.CLAIMED, claim.plan)]
        if claim.status != K.CLAIMED:
            steps.append(("deliver", K.CLAIMED, K.DELIVERED, claim.report))
        if claim.status == K.RATED:
            steps.append(("rate", K.DELIVERED, K.RATED, claim.comment))
        for event, before, after, note in steps:
            events.append(
                ClaimEvent(
                    claim=claim,
                    event=event,
                    from_status=before,
                    to_status=after,
                    actor=staff if event == "rate" else None,
                    note=note,
                )
            )
        if claim.status != K.CLAIMED and rng.random() < 0.6:
            residents = list(
                Resident.objects.filter(**residents_in(claim.community))
                .order_by("code")
                .values_list("pk", flat=True)[:400:40]
            )
            for pk in rng.sample(residents, min(len(residents), rng.randint(1, 4))):
                ratings.append(
                    ClaimRating(
                        claim=claim,
                        resident_id=pk,
                        stars=rng.choice([5, 5, 4, 3]),
                        comment=rng.choice(RESIDENT_COMMENTS),
                        rated_at=(claim.delivered_at or now)
                        + dt.timedelta(hours=rng.randint(2, 30)),
                    )
                )
    ClaimEvent.objects.bulk_create(events, batch_size=1000)
    # A ClaimEvent's `at` is auto_now_add: set it to when each step happened.
    stamped = list(ClaimEvent.objects.filter(claim__in=claims).order_by("claim_id", "pk"))
    whens = {
        (claim.pk, ev): at
        for claim in claims
        for ev, at in (
            ("claim", claim.claimed_at),
            ("deliver", claim.delivered_at),
            ("rate", claim.rated_at),
        )
    }
    for e in stamped:
        e.at = whens[(e.claim_id, e.event)] or now
    ClaimEvent.objects.bulk_update(stamped, ["at"], batch_size=1000)
    ClaimRating.objects.bulk_create(ratings, batch_size=1000)
    need_status = {
        c.need_id: NeedStatus.MET if c.status == K.RATED else NeedStatus.CLAIMED
        for c in claims
        if c.need_id is not None
    }
    for pk, status in need_status.items():
        Need.objects.filter(pk=pk).update(status=status)
    ctx.log(
        f"volunteering claims: {len(claims)} claims "
        f"({sum(c.status == K.RATED for c in claims)} rated), {len(ratings)} residents' ratings"
    )
