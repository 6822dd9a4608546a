"""Demo part of points: earning rules, a charity store per community with goods and services,
and a year of ledger history for the demo resident and a dozen active residents per community.
Rows are bulk-created for speed; the balances are the sums of the entries written here."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from areas.models import Area, Resident
from core.timeutil import SHANGHAI, today
from points.actions.store import CODE_ALPHABET, CODE_LENGTH
from points.models import (
    Activity,
    EarningRule,
    EntryKind,
    Item,
    ItemKind,
    LedgerEntry,
    PointsBalance,
    Redemption,
    RedemptionStatus,
    RuleUnit,
    Store,
)

# (activity, unit, points, daily cap, yearly cap, note)
RULES = [
    (Activity.VOLUNTEER_ORDER, RuleUnit.HOUR, 10, 40, 1200, "志愿服务每小时10分"),
    (Activity.ACTIVITY, RuleUnit.OCCURRENCE, 5, 10, 300, "参加社区活动每次5分"),
    (Activity.CASE_REPORT, RuleUnit.OCCURRENCE, 2, 6, 120, "有效随手拍每件2分"),
    (Activity.CONSULTATION, RuleUnit.OCCURRENCE, 5, 5, 60, "参加议事协商每次5分"),
    (Activity.MICRO_WISH, RuleUnit.OCCURRENCE, 20, 20, 200, "认领并完成微心愿每个20分"),
    (Activity.PATROL, RuleUnit.OCCURRENCE, 3, 9, 300, "参与平安巡防每次3分"),
    (Activity.MANUAL, RuleUnit.OCCURRENCE, 1, None, None, "经核实的其他贡献，按数量计分"),
]
ITEMS = [
    (ItemKind.GOODS, "大米（5斤）", "", 60, 20),
    (ItemKind.GOODS, "食用油（1.8升）", "", 80, 12),
    (ItemKind.GOODS, "洗衣液", "", 40, 25),
    (ItemKind.GOODS, "毛巾两条", "", 20, 40),
    (ItemKind.GOODS, "雨伞", "", 50, 10),
    (ItemKind.SERVICE, "理发一次", "服务圈合作理发店，凭取货码到店", 30, 30),
    (ItemKind.SERVICE, "家电清洗", "上门清洗空调或油烟机一台", 120, 5),
    (ItemKind.SERVICE, "义诊体检", "社区卫生服务站基础体检", 50, 15),
]
REASONS = {
    Activity.VOLUNTEER_ORDER: "志愿服务",
    Activity.ACTIVITY: "参加社区活动",
    Activity.CASE_REPORT: "有效随手拍",
    Activity.CONSULTATION: "参加议事协商",
    Activity.MICRO_WISH: "完成微心愿",
    Activity.PATROL: "平安巡防",
}
ACTIVE_PER_COMMUNITY = 12


def _code(rng: Any) -> str:
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def generate(ctx: Any) -> None:
    rng = ctx.rng
    users: dict[str, User] = ctx.data.get("users", {})
    admin = users.get(Role.ADMIN)
    year_start = dt.date(today().year - 1, 1, 1)
    rules = EarningRule.objects.bulk_create(
        [
            EarningRule(
                activity=a,
                unit=u,
                points=p,
                daily_cap=d,
                yearly_cap=y,
                valid_from=year_start,
                note=note,
                created_by=admin,
            )
            for a, u, p, d, y, note in RULES
        ]
    )
    rule_of = {r.activity: r for r in rules}

    communities: list[Area] = ctx.data["communities"]
    stores = Store.objects.bulk_create(
        [
            Store(
                community=c,
                name=f"{c.name}爱心超市",
                address=f"{c.name}党群服务中心一楼",
                opening_hours="周一至周六 9:00-17:00",
            )
            for c in communities
        ]
    )
    items = Item.objects.bulk_create(
        [
            Item(store=s, kind=k, name=n, description=d, price=p, stock=st)
            for s in stores
            for k, n, d, p, st in ITEMS
        ]
    )
    items_of: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        items_of[item.store_id].append(item)

    # Active residents: a dozen heads of household per community get an account.
    password = make_password(ctx.data.get("password", "linli-demo"))
    taken = set(Resident.objects.filter(user__isnull=False).values_list("pk", flat=True))
    per = max(1, round(ACTIVE_PER_COMMUNITY * min(ctx.scale, 1)))
    earners: list[tuple[User, Store]] = []
    new_users: list[User] = []
    new_roles: list[RoleAssignment] = []
    seq = 0
    store_of = {s.community_id: s for s in stores}
    for c in communities:
        heads = list(
            Resident.objects.filter(is_head=True, household__grid__parent=c)
            .exclude(pk__in=taken)
            .select_related("household__grid")
            .order_by("code")[:per]
        )
        for r in heads:
            seq += 1
            u = User(phone=f"158{seq:08d}", name=r.name, password=password, resident=r)
            new_users.append(u)
            new_roles.append(RoleAssignment(user=u, role=Role.RESIDENT, area=r.household.grid))
            earners.append((u, store_of[c.pk]))
    User.objects.bulk_create(new_users, batch_size=1000)
    RoleAssignment.objects.bulk_create(new_roles, batch_size=1000)
    demo_resident = users.get(Role.RESIDENT)
    if demo_resident is not None and communities:
        earners.insert(0, (demo_resident, store_of[communities[0].pk]))

    now = timezone.now()
    entries: list[LedgerEntry] = []
    redemptions: list[Redemption] = []
    debits: list[tuple[int, LedgerEntry]] = []  # index into redemptions, entry
    balances: dict[int, int] = defaultdict(int)
    for n, (user, store) in enumerate(earners):
        events = 18 if n == 0 else rng.randint(3, 14)
        moments = sorted(now - dt.timedelta(days=rng.uniform(1, 300)) for _ in range(events))
        for i, at in enumerate(moments):
            activity = rng.choice(list(REASONS))
            rule = rule_of[activity]
            qty = rng.choice([1, 1.5, 2, 3]) if rule.unit == RuleUnit.HOUR else 1
            amount = int(rule.points * qty)
            if rule.daily_cap is not None:
                amount = min(amount, rule.daily_cap)
            entries.append(
                LedgerEntry(
                    user=user,
                    kind=EntryKind.CREDIT,
                    amount=amount,
                    reason=REASONS[activity] + (f" · {qty}h" if rule.unit == RuleUnit.HOUR else ""),
                    activity=activity,
                    rule=rule,
                    quantity=qty,
                    source="demo",
                    source_id=f"{user.phone}-{i}",
                    earned_on=at.astimezone(SHANGHAI).date(),
                    created=at,
                )
            )
            balances[user.pk] += amount
        # Spend some: one picked-up redemption, and (for the demo resident) one awaiting pickup.
        for status in (RedemptionStatus.PICKED_UP, RedemptionStatus.RESERVED)[: 2 if n == 0 else 1]:
            affordable = [i for i in items_of[store.pk] if i.price <= balances[user.pk] and i.stock]
            if not affordable:
                break
            item = min(affordable, key=lambda i: i.price) if n == 0 else rng.choice(affordable)
            item.stock -= 1
            balances[user.pk] -= item.price
            at = now - dt.timedelta(days=rng.uniform(0, 1), hours=1)
            redemptions.append(
                Redemption(
                    user=user,
                    item=item,
                    store=store,
                    quantity=1,
                    points=item.price,
                    status=status,
                    pickup_code=_code(rng),
                    created=at,
                    picked_up_at=at if status == RedemptionStatus.PICKED_UP else None,
                )
            )
            debits.append(
                (
                    len(redemptions) - 1,
                    LedgerEntry(
                        user=user,
                        kind=EntryKind.DEBIT,
                        amount=-item.price,
                        reason=f"兑换 {item.name} × 1",
                        source="redemption",
                        created=at,
                    ),
                )
            )
    Redemption.objects.bulk_create(redemptions, batch_size=1000)
    for index, entry in debits:
        entry.source_id = str(redemptions[index].pk)
        entries.append(entry)
    LedgerEntry.objects.bulk_create(entries, batch_size=2000)
    Item.objects.bulk_update(items, ["stock"], batch_size=1000)
    PointsBalance.objects.bulk_create(
        [PointsBalance(user_id=pk, balance=b) for pk, b in balances.items()], batch_size=2000
    )
    ctx.data["points_stores"] = stores
    # Keep the daily expiry running under `db_worker` (a no-op with a non-deferring backend).
    from points.tasks import schedule_expiry

    schedule_expiry()
    ctx.log(f"points: {len(stores)} stores, {len(items)} items, {len(entries)} ledger entries")


def describe(ctx: Any) -> list[str]:
    return [
        "",
        "points: the demo resident has points, one redemption awaiting pickup (see 我的兑换);",
        "  community staff write it off at 积分管理 → 核销取货码.",
    ]
