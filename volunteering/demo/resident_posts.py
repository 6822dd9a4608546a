"""Demo residents' own posts (居民自主发布), with no random draw (the same rows on any day,
timed from the load moment): in every community two residents' wishes and one need await
the staff's review; the demo resident's community also has the demo resident's wish
published after an edit (with the note, their own words kept) and one declined with the
reason, so both sides find something on their home page."""

from __future__ import annotations

import datetime as dt

from accounts.models import User
from areas.models import Area
from volunteering.models import (
    BeneficiaryKind,
    MicroWish,
    Need,
    NeedStatus,
    Privacy,
    WishEvent,
    WishStatus,
)

WAITING = [
    ("想要一个新书包", "孩子的书包用了三年，拉链坏了。", BeneficiaryKind.CHILD),
    ("希望有人陪我去医院复查", "子女在外地，腿脚不便。", BeneficiaryKind.ELDERLY),
]
NEED = ("单元楼道灯坏了，晚上很黑", "三楼到五楼的灯都不亮，老人上下楼不安全。", "repair")


def _words(title: str, description: str) -> str:
    return f"{title}\n{description}".strip()


def generate(
    communities: list[Area],
    requesters: dict[int, list[User]],
    staff: User | None,
    now: dt.datetime,
) -> int:
    """Lay the posts down; answers how many."""
    wishes: list[MicroWish] = []
    needs: list[Need] = []
    reviewed: list[tuple[MicroWish, str, str]] = []
    for c in communities:
        people = [u for u in requesters.get(c.pk, []) if u.resident_id]
        if not people:
            continue
        for k, (title, text, kind) in enumerate(WAITING):
            poster = people[(k + 1) % len(people)]
            wishes.append(_wish(c, poster, title, text, kind, WishStatus.SUBMITTED, now, 3 - k))
        poster = people[min(2, len(people) - 1)]
        title, text, category = NEED
        needs.append(
            Need(
                community=c,
                title=title,
                description=text,
                category=category,
                status=NeedStatus.SUBMITTED,
                created_by=poster,
                submitted_text=_words(title, text),
            )
        )
        if c is communities[0] and staff is not None:
            me = people[0]
            edited = _wish(
                c,
                me,
                "一盏护眼台灯",
                "孩子晚上写作业灯光太暗。",
                BeneficiaryKind.CHILD,
                WishStatus.OPEN,
                now,
                2,
            )
            edited.submitted_text = _words("想要台灯", "孩子晚上写作业灯光太暗，电话找我。")
            edited.review_note = "标题写得更具体，去掉了联系方式（由网格员联系您）。"
            edited.reviewed_at = now - dt.timedelta(hours=20)
            declined = _wish(
                c,
                me,
                "想要一台新电视",
                "家里电视坏了。",
                BeneficiaryKind.OTHER,
                WishStatus.DECLINED,
                now,
                2,
            )
            declined.review_note = "微心愿面向困难群众的小额需求，电视价值较高，可申请社区救助。"
            declined.reviewed_at = now - dt.timedelta(hours=20)
            wishes += [edited, declined]
            reviewed += [(edited, "revise", "open"), (declined, "decline", "declined")]
    MicroWish.objects.bulk_create(wishes, batch_size=1000)
    Need.objects.bulk_create(needs, batch_size=1000)
    events = [
        WishEvent(
            wish=w,
            event="submit",
            to_status=WishStatus.SUBMITTED,
            actor=w.posted_by,
            note=w.submitted_text,
        )
        for w in wishes
    ] + [
        WishEvent(
            wish=w,
            event=action,
            from_status=WishStatus.SUBMITTED,
            to_status=to,
            actor=staff,
            note=w.review_note,
        )
        for w, action, to in reviewed
    ]
    WishEvent.objects.bulk_create(events, batch_size=1000)
    # `created` is auto_now_add: set the posting times relative to the load moment.
    for w in wishes:
        w.created = w._demo_at  # type: ignore[attr-defined]
    MicroWish.objects.bulk_update(wishes, ["created"], batch_size=1000)
    for n in needs:
        n.created = now - dt.timedelta(days=1)
    Need.objects.bulk_update(needs, ["created"], batch_size=1000)
    return len(wishes) + len(needs)


def _wish(
    community: Area,
    poster: User,
    title: str,
    text: str,
    kind: str,
    status: str,
    now: dt.datetime,
    days_ago: int,
) -> MicroWish:
    resident = poster.resident
    wish = MicroWish(
        community=community,
        beneficiary=resident,
        beneficiary_name=(resident.name if resident is not None else poster.name)[:50],
        beneficiary_kind=kind,
        privacy=Privacy.MASKED,
        title=title,
        description=text,
        status=status,
        posted_by=poster,
        submitted_text=_words(title, text),
    )
    wish._demo_at = now - dt.timedelta(days=days_ago)  # type: ignore[attr-defined]
    return wish
