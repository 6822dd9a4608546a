"""The demo's micro-wishes (微心愿): per community wishes open, claimed (by a party member or a
partner unit), fulfilled and confirmed, some open ones waiting long enough to be flagged."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from accounts.models import User
from areas.models import Area, Resident
from party.models import PartnerUnit, PartyMember
from volunteering.demo.people import residents_in
from volunteering.models import (
    BeneficiaryKind,
    MicroWish,
    Privacy,
    WishEvent,
    WishStatus,
)

WISHES = [
    ("一个新书包", BeneficiaryKind.CHILD, Privacy.MASKED, "80"),
    ("冬天的一床棉被", BeneficiaryKind.ELDERLY, Privacy.ANONYMOUS, "150"),
    ("一套课外读物", BeneficiaryKind.CHILD, Privacy.MASKED, "60"),
    ("一台收音机", BeneficiaryKind.ELDERLY, Privacy.NAMED, "100"),
    ("助听器电池", BeneficiaryKind.DISABLED, Privacy.MASKED, "50"),
    ("一次理发上门", BeneficiaryKind.DIFFICULTY, Privacy.ANONYMOUS, "30"),
]


def post_wishes(
    ctx: Any,
    communities: list[Area],
    staff: User | None,
    now: dt.datetime,
) -> None:
    if staff is None:
        return
    rng = ctx.rng
    wishes: list[MicroWish] = []
    statuses = [
        WishStatus.OPEN,
        WishStatus.OPEN,
        WishStatus.OPEN,
        WishStatus.CLAIMED,
        WishStatus.FULFILLED,
        WishStatus.CONFIRMED,
    ]
    claimer_members = list(
        PartyMember.objects.filter(user__isnull=False).select_related("user")[:5]
    )
    units = list(PartnerUnit.objects.order_by("pk")[:6])
    for c in communities:
        kids = list(
            Resident.objects.filter(**residents_in(c))
            .order_by("code")
            .values_list("pk", "name")[5:200:33]
        )
        for k, ((title, kind, privacy, value), status) in enumerate(
            zip(WISHES, statuses, strict=False)
        ):
            pk, name = kids[k % len(kids)] if kids else (None, "居民")
            w = MicroWish(
                community=c,
                beneficiary_id=pk,
                beneficiary_name=name,
                beneficiary_kind=kind,
                privacy=privacy,
                title=title,
                description="家庭困难，希望得到邻里帮助。",
                value=Decimal(value),
                status=status,
                posted_by=staff,
            )
            if status != WishStatus.OPEN:
                w.claimed_at = now - dt.timedelta(days=rng.randint(2, 20))
                if claimer_members and rng.random() < 0.5:
                    m = rng.choice(claimer_members)
                    w.claimed_by, w.claimer_member = m.user, m
                elif units:
                    w.claimed_by, w.claimer_unit = staff, rng.choice(units)
                else:
                    w.status, w.claimed_at = WishStatus.OPEN, None
            if w.status in (WishStatus.FULFILLED, WishStatus.CONFIRMED):
                w.fulfilled_at = (w.claimed_at or now) + dt.timedelta(days=1)
                w.fulfilled_note = "已送到家中"
            if w.status == WishStatus.CONFIRMED:
                w.confirmed_at = (w.fulfilled_at or now) + dt.timedelta(days=1)
            wishes.append(w)
    MicroWish.objects.bulk_create(wishes, batch_size=1000)
    # Some open wishes have waited long: the staff page flags them.
    old = [w for w in wishes if w.status == WishStatus.OPEN][::3]
    for w in wishes:
        w.created = now - dt.timedelta(days=rng.randint(1, 6))
    for w in old:
        w.created = now - dt.timedelta(days=rng.randint(10, 30))
    MicroWish.objects.bulk_update(wishes, ["created"], batch_size=1000)
    events: list[WishEvent] = []
    path = {
        WishStatus.OPEN: ["post"],
        WishStatus.CLAIMED: ["post", "claim"],
        WishStatus.FULFILLED: ["post", "claim", "fulfil"],
        WishStatus.CONFIRMED: ["post", "claim", "fulfil", "confirm"],
    }
    to = {"post": "open", "claim": "claimed", "fulfil": "fulfilled", "confirm": "confirmed"}
    for w in wishes:
        before = ""
        for ev in path[WishStatus(w.status)]:
            actor = w.claimed_by if ev in ("claim", "fulfil") else staff
            events.append(
                WishEvent(wish=w, event=ev, from_status=before, to_status=to[ev], actor=actor)
            )
            before = to[ev]
    WishEvent.objects.bulk_create(events, batch_size=2000)
