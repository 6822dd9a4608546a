"""Reads: balances, histories, leaderboards, scopes and the ledger check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.home import Line
from core.masking import mask_name
from core.timeutil import today
from points.models import (
    Activity,
    EarningRule,
    EntryKind,
    Item,
    LedgerEntry,
    PointsBalance,
    Redemption,
    RedemptionStatus,
    RuleUnit,
    Store,
)
from points.permissions import sees_every_user, staff_q


def community_code_length() -> int:
    total = 0
    for name, digits in settings.LINLI_AREA_LEVELS:
        total += digits
        if name == "community":
            return total
    return total


def home_community_codes(user: Any) -> list[str]:
    """The communities a user belongs to: from their resident record and their role areas."""
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, "_points_communities", None)
    if cached is not None:
        return list(cached)
    from areas.models import Resident

    n = community_code_length()
    codes = {
        code[:n]
        for code in user.role_assignments.values_list("area__code", flat=True)
        if len(code) >= n
    }
    if user.resident_id:
        grid_code = (
            Resident.objects.filter(pk=user.resident_id)
            .values_list("household__grid__code", flat=True)
            .first()
        )
        if grid_code and len(grid_code) >= n:
            codes.add(grid_code[:n])
    user._points_communities = sorted(codes)
    return sorted(codes)


def balance_of(user: Any) -> int:
    row = PointsBalance.objects.filter(user=user).values_list("balance", flat=True).first()
    return int(row or 0)


def history_of(user: Any) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(user=user).select_related("rule").order_by("-created", "-id")


def with_labels(entries: Iterable[LedgerEntry]) -> list[LedgerEntry]:
    """Give each entry a `label` in the reader's language. The stored `reason` is the record,
    written in the language of whoever caused it; the label is rebuilt from the entry's kind,
    activity, subject (what the source was, e.g. an event's title, in the reader's language
    where it has words in several), quantity and source where
    they say enough, and is the reason otherwise (manual
    adjustments, whose reason staff wrote). One query for the items of redemptions."""
    rows = list(entries)
    ids = [int(e.source_id) for e in rows if e.source == "redemption" and e.source_id.isdigit()]
    bought = (
        {
            pk: (name, qty)
            for pk, name, qty in Redemption.objects.filter(pk__in=ids).values_list(
                "pk", "item__name", "quantity"
            )
        }
        if ids
        else {}
    )
    for e in rows:
        e.label = _label(e, bought)  # type: ignore[attr-defined]
    return rows


def _label(e: LedgerEntry, bought: dict[int, tuple[str, int]]) -> str:
    if e.kind == EntryKind.CREDIT and e.activity in Activity.values:
        label = str(Activity(e.activity).label)
        subject = e.subject_text
        if subject:
            label = _("%(activity)s: %(subject)s") % {"activity": label, "subject": subject}
        if e.quantity is not None and e.rule is not None and e.rule.unit == RuleUnit.HOUR:
            hours = format(e.quantity.normalize(), "f")
            return _("%(activity)s · %(hours)s h") % {"activity": label, "hours": hours}
        return label
    if e.source == "redemption" and e.source_id.isdigit() and int(e.source_id) in bought:
        name, qty = bought[int(e.source_id)]
        if e.kind == EntryKind.DEBIT:
            return _("Redeemed %(item)s × %(n)d") % {"item": name, "n": qty}
        if e.kind == EntryKind.REFUND:
            return _("Refund: %(item)s cancelled") % {"item": name}
    if e.kind == EntryKind.EXPIRY and e.source == "expiry" and e.source_id.isdigit():
        return _("Points earned in %(y)d expired") % {"y": int(e.source_id)}
    return e.reason


def active_rule(activity: str, day: dt.date) -> EarningRule | None:
    return (
        EarningRule.objects.filter(active=True, activity=activity, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )


def rules() -> QuerySet[EarningRule]:
    return EarningRule.objects.all().order_by("activity", "-valid_from")


def staff_stores(user: Any) -> QuerySet[Store]:
    """Stores a staff member manages: those in the subtree of their staff roles."""
    return Store.objects.filter(staff_q(user, "community__code")).select_related("community")


def resident_stores(user: Any) -> QuerySet[Store]:
    """Stores a resident may redeem in: the active stores of their own communities."""
    codes = home_community_codes(user)
    return Store.objects.filter(active=True, community__code__in=codes).select_related("community")


def store_items(store: Store) -> QuerySet[Item]:
    return store.items.filter(active=True).order_by("price", "name")


def redemptions_of(user: Any) -> QuerySet[Redemption]:
    return Redemption.objects.filter(user=user).select_related("item", "store")


def staff_redemptions(user: Any) -> QuerySet[Redemption]:
    return Redemption.objects.filter(staff_q(user, "store__community__code")).select_related(
        "item", "store", "user"
    )


@dataclass
class Rank:
    rank: int
    user_id: int
    name: str
    points: int


def leaderboard(
    community_code: str, *, year: int | None = None, limit: int = 20, mask: bool = True
) -> list[Rank]:
    """Who earned most in a community (credits and positive adjustments, not spending).
    Names are masked (张**) unless `mask` is False (for staff of that community)."""
    from accounts.models import User

    earned = Q(points_entries__kind__in=["credit", "adjustment"], points_entries__amount__gt=0)
    if year is not None:
        earned &= Q(points_entries__earned_on__year=year)
    members = (
        User.objects.filter(
            Q(role_assignments__area__code__startswith=community_code)
            | Q(resident__household__grid__code__startswith=community_code)
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    rows = (
        User.objects.filter(pk__in=members)
        .annotate(earned=Sum("points_entries__amount", filter=earned))
        .filter(earned__gt=0)
        .order_by("-earned", "pk")
        .values_list("pk", "name", "earned")[:limit]
    )
    return [
        Rank(i + 1, pk, mask_name(name) if mask else name, int(earned))
        for i, (pk, name, earned) in enumerate(rows)
    ]


def users_in_scope(viewer: Any, area_code: str | None = None) -> QuerySet[Any]:
    """Users living (resident record) or holding a role in the areas of the viewer's staff
    roles; with `area_code`, in those areas under it only."""
    from accounts.models import User

    def where(field: str) -> Q:
        q = staff_q(viewer, field)
        if area_code is not None:
            q &= Q(**{f"{field}__startswith": area_code})
        return q

    return User.objects.filter(
        where("resident__household__grid__code") | where("role_assignments__area__code")
    ).values("pk")


def activity_totals(
    year: int, viewer: Any, *, area_code: str | None = None
) -> list[tuple[str, int, int]]:
    """Per activity: (label, credits, points) earned in `year` by users in the viewer's areas
    (everyone's for an administrator); with `area_code`, by those in the area under it only
    (the dashboard's card for the area it shows)."""
    labels = dict(Activity.choices)
    qs = LedgerEntry.objects.filter(kind="credit", earned_on__year=year)
    if area_code is not None or not sees_every_user(viewer):
        qs = qs.filter(user_id__in=users_in_scope(viewer, area_code))
    rows = qs.values("activity").annotate(n=Count("id"), total=Sum("amount")).order_by("activity")
    return [(str(labels.get(r["activity"], r["activity"])), r["n"], r["total"]) for r in rows]


@dataclass
class LedgerCheck:
    users: int
    entries: int
    total: int
    mismatches: list[tuple[int, int, int]]  # (user_id, balance row, sum of entries)

    @property
    def ok(self) -> bool:
        return not self.mismatches


def check_ledger(limit: int = 1000) -> LedgerCheck:
    """Prove every cached balance equals the sum of its user's entries, in one pass: per-user
    sums fully outer-joined with the balance rows; the database returns one summary row and
    at most `limit` differences."""
    e = LedgerEntry._meta.db_table
    b = PointsBalance._meta.db_table
    if connection.vendor == "sqlite":
        # SQLite before 3.39 lacks FULL OUTER JOIN: the same as a left join both ways.
        joined = f"""
            SELECT s.user_id AS uid, COALESCE(b.balance, 0) AS bal, s.total AS tot, s.n AS n
            FROM sums s LEFT JOIN {b} b ON b.user_id = s.user_id
            UNION ALL
            SELECT b.user_id, b.balance, 0, 0 FROM {b} b
            WHERE NOT EXISTS (SELECT 1 FROM sums s WHERE s.user_id = b.user_id)"""
    else:
        joined = f"""
            SELECT COALESCE(s.user_id, b.user_id) AS uid, COALESCE(b.balance, 0) AS bal,
                   COALESCE(s.total, 0) AS tot, COALESCE(s.n, 0) AS n
            FROM sums s FULL OUTER JOIN {b} b ON b.user_id = s.user_id"""
    sql = f"""
        WITH sums AS (SELECT user_id, SUM(amount) AS total, COUNT(*) AS n FROM {e}
                      GROUP BY user_id),
             j AS ({joined})
        SELECT 0, COUNT(*), COALESCE(SUM(n), 0), COALESCE(SUM(tot), 0) FROM j
        UNION ALL
        SELECT * FROM (SELECT 1, uid, bal, tot FROM j WHERE bal <> tot ORDER BY uid LIMIT %s) m
    """
    with connection.cursor() as cur:
        cur.execute(sql, [limit])
        rows = cur.fetchall()
    summary = next(r for r in rows if r[0] == 0)
    mismatches = [(int(r[1]), int(r[2]), int(r[3])) for r in rows if r[0] == 1]
    return LedgerCheck(int(summary[1]), int(summary[2]), int(summary[3]), mismatches)


def expiry_years() -> int:
    """Points earned in year Y expire at the end of year Y + N (0 = never)."""
    return int(getattr(settings, "LINLI_POINTS_EXPIRE_AFTER_YEARS", 1) or 0)


def expirable(user_id: int | None, cohort: int) -> list[tuple[int, int]]:
    """(user, points to expire) for points earned up to `cohort` that are still unspent.
    Spending uses the oldest points first, so what is left of them is what was earned up to
    the cohort minus everything that went out since (debits net of refunds, expiries, negative
    adjustments), and never more than the balance."""
    qs = LedgerEntry.objects.all()
    if user_id is not None:
        qs = qs.filter(user_id=user_id)
    rows = (
        qs.values("user_id")
        .annotate(
            old=Sum(
                "amount",
                filter=Q(
                    kind__in=[EntryKind.CREDIT, EntryKind.ADJUSTMENT],
                    amount__gt=0,
                    earned_on__year__lte=cohort,
                ),
            ),
            out=Sum("amount", filter=Q(amount__lt=0) | Q(kind=EntryKind.REFUND)),
            balance=Sum("amount"),
        )
        .filter(old__gt=0)
    )
    found = []
    for r in rows:
        left = int(r["old"]) + int(r["out"] or 0)
        n = min(left, int(r["balance"]))
        if n > 0:
            found.append((int(r["user_id"]), n))
    return found


def expiring_this_year(user_id: int) -> tuple[int, dt.date] | None:
    """(points, last day) of the user's unspent points that expire when this year ends."""
    years = expiry_years()
    if years <= 0:
        return None
    year = today().year
    found = expirable(user_id, year - years)
    return (found[0][1], dt.date(year, 12, 31)) if found else None


def awaiting_pickup(user: Any, *, area_code: str | None = None) -> QuerySet[Redemption]:
    """Redemptions reserved at the stores a staff member runs, oldest first (the pickup page);
    with `area_code`, at those of the communities under it only."""
    qs = staff_redemptions(user).filter(status=RedemptionStatus.RESERVED)
    if area_code is not None:
        qs = qs.filter(store__community__code__startswith=area_code)
    return qs.order_by("created", "pk")


def home_lines(user: Any) -> list[Line]:
    """Staff: redemptions waiting at their stores' counters. A resident: their own items to
    pick up. Each counted from the list it links to."""
    from points.permissions import is_points_staff

    lines: list[Line] = []
    if is_points_staff(user):
        n = awaiting_pickup(user).count()
        lines.append(
            Line(
                "points.awaiting_pickup",
                ngettext(
                    "%(n)d redemption awaiting pickup at your stores",
                    "%(n)d redemptions awaiting pickup at your stores",
                    n,
                )
                % {"n": n},
                n,
                reverse("points:pickup"),
                "services",
            )
        )
    n = redemptions_of(user).filter(status=RedemptionStatus.RESERVED).count()
    lines.append(
        Line(
            "points.my_pickups",
            ngettext("%(n)d item of mine to pick up", "%(n)d items of mine to pick up", n)
            % {"n": n},
            n,
            reverse("points:redemptions") + f"?status={RedemptionStatus.RESERVED}",
            "services",
        )
    )
    return lines
