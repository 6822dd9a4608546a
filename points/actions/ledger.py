"""The ledger: awarding, manual adjustments and the annual expiry. Every movement locks the
user's balance row, appends one entry and moves the cached balance in the same transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import record
from core.bulk import insert
from core.i18n import Deferred, site_language, stored
from core.notify import notify
from core.refusal import Conflict, Invalid, NotFound
from core.timeutil import local, now, today
from points.models import (
    Activity,
    EarningRule,
    EntryKind,
    LedgerEntry,
    PointsBalance,
    RuleUnit,
)
from points.permissions import may_manage_user
from points.selectors import active_rule, expirable, expiry_years

MAX_QUANTITY = 10_000  # occurrences or hours in one award
MAX_ADJUSTMENT = 1_000_000


def lock_balance(user_id: int) -> PointsBalance:
    """The user's balance row, locked (created at 0 on first use, race-free)."""
    row = PointsBalance.objects.select_for_update().filter(user_id=user_id).first()
    if row is None:
        PointsBalance.objects.bulk_create([PointsBalance(user_id=user_id)], ignore_conflicts=True)
        row = PointsBalance.objects.select_for_update().get(user_id=user_id)
    return row


def append_entry(balance: PointsBalance, **fields: Any) -> LedgerEntry:
    """Append one entry to a locked balance; refuses to take the balance below zero."""
    amount = int(fields["amount"])
    if balance.balance + amount < 0:
        raise Conflict(
            _("Not enough points: the balance is %(balance)d, %(need)d are needed.")
            % {"balance": balance.balance, "need": -amount},
        )
    entry = LedgerEntry(user_id=balance.user_id, **fields)
    insert(entry)  # a new row: one prepared INSERT, no ORM save path (hot: every redemption)
    balance.balance += amount
    balance.save(update_fields=["balance", "updated"])
    return entry


def _earned(user: Any, activity: str, **date_filter: Any) -> int:
    total = LedgerEntry.objects.filter(
        user_id=user.pk, kind=EntryKind.CREDIT, activity=activity, **date_filter
    ).aggregate(t=Sum("amount"))["t"]
    return int(total or 0)


def _quantity(quantity: Decimal | int) -> Decimal:
    """An award's quantity: a finite number above zero and at most MAX_QUANTITY, kept to
    hundredths (rounded down)."""
    if isinstance(quantity, bool):
        raise Invalid(_("The quantity must be a number."), field="quantity")
    try:
        qty = Decimal(quantity)
    except (InvalidOperation, TypeError, ValueError):
        raise Invalid(_("The quantity must be a number."), field="quantity") from None
    if not qty.is_finite() or qty <= 0:
        raise Invalid(_("The quantity must be above zero."), field="quantity")
    if qty > MAX_QUANTITY:
        raise Invalid(
            _("The quantity can be at most %(n)d.") % {"n": MAX_QUANTITY}, field="quantity"
        )
    return qty.quantize(Decimal("0.01"), rounding=ROUND_FLOOR)


def _capped_amount(rule: EarningRule, qty: Decimal, user: Any, activity: str, day: dt.date) -> int:
    """The points `rule` gives for `qty` (its points per hour times the hours, or per whole
    occurrence; rounded down), within what is left of its daily and yearly caps for the user."""
    if rule.unit == RuleUnit.HOUR:
        amount = int((Decimal(rule.points) * qty).to_integral_value(rounding=ROUND_FLOOR))
    else:
        amount = rule.points * int(qty.to_integral_value(rounding=ROUND_FLOOR))
    if rule.daily_cap is not None:
        amount = min(amount, rule.daily_cap - _earned(user, activity, earned_on=day))
    if rule.yearly_cap is not None:
        amount = min(amount, rule.yearly_cap - _earned(user, activity, earned_on__year=day.year))
    return amount


@transaction.atomic
def do_award_points(
    user: Any,
    activity: str,
    *,
    quantity: Decimal | int = 1,
    source: str,
    source_id: str,
    actor: Any = None,
    occurred_at: dt.datetime | None = None,
    subject: str | Deferred = "",
) -> LedgerEntry | None:
    """Credit `user` for one occurrence (or `quantity` hours) of `activity` under the active
    earning rule of that activity; caps (daily/yearly) applied; returns None when no rule counts
    it or a cap is already reached; idempotent per (source, source_id, user): awarding the same
    source twice credits once (the repeat returns the first entry, or None if there was none).
    `subject` names the source in the history, as the calling app names it (an event's, order's
    or wish's title, a case's number and category): the caller passes it, points looks nothing up.
    A `Deferred` subject (words of its own in several languages) is kept as data and shown in the
    reader's language; the text of it in the site's language is kept beside it."""
    if activity not in Activity.values:
        raise Invalid(_("Unknown activity %(a)s.") % {"a": activity}, field="activity")
    qty = _quantity(quantity)
    if not source or not str(source_id):
        raise Invalid(_("An award needs its source."), field="source")
    source_id = str(source_id)
    when = occurred_at or now()
    day = local(when).date()

    balance = lock_balance(user.pk)
    previous = LedgerEntry.objects.filter(
        user_id=user.pk, kind=EntryKind.CREDIT, source=source, source_id=source_id
    ).first()
    if previous is not None:
        return previous
    rule = active_rule(activity, day)
    if rule is None:
        return None
    amount = _capped_amount(rule, qty, user, activity, day)
    if amount <= 0:
        return None
    subject_data = subject.data() if isinstance(subject, Deferred) else {}
    subject = " ".join(stored(subject or "").split())[:100]
    label = stored(Activity(activity).label)
    if subject:
        label = stored(gettext_lazy("%(activity)s: %(subject)s"), activity=label, subject=subject)
    entry = append_entry(
        balance,
        kind=EntryKind.CREDIT,
        amount=amount,
        reason=label if rule.unit == RuleUnit.OCCURRENCE else f"{label} · {qty}h",
        activity=activity,
        rule=rule,
        quantity=qty,
        source=source,
        source_id=source_id,
        subject=subject,
        subject_data=subject_data,
        earned_on=day,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(actor, "points.award", entry, {"user": user.pk, "amount": amount, "rule": rule.pk})
    with site_language():
        notify(
            [user],
            _("You earned %(n)d points") % {"n": amount},
            str(entry.reason),
            "/points/",
        )
    return entry


@transaction.atomic
def do_adjust_points(user: Any, amount: int, *, reason: str, actor: Any) -> LedgerEntry:
    """A manual correction by staff: a non-zero amount, a reason, within the staff's area,
    never below a zero balance. Audited."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount == 0:
        raise Invalid(_("The amount must be a whole number other than zero."), field="amount")
    if abs(amount) > MAX_ADJUSTMENT:
        raise Invalid(
            _("An adjustment can be at most %(n)d points.") % {"n": MAX_ADJUSTMENT},
            field="amount",
        )
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("A manual adjustment needs a reason."), field="reason")
    if not may_manage_user(actor, user):
        raise NotFound(_("This resident is outside your area."))
    balance = lock_balance(user.pk)
    entry = append_entry(
        balance,
        kind=EntryKind.ADJUSTMENT,
        amount=amount,
        reason=reason[:200],
        activity=Activity.MANUAL,
        source="manual",
        source_id=uuid.uuid4().hex,
        earned_on=today() if amount > 0 else None,
        actor=actor,
    )
    record(actor, "points.adjust", entry, {"user": user.pk, "amount": amount, "reason": reason})
    with site_language():
        notify(
            [user],
            _("Your points were adjusted by %(n)+d") % {"n": amount},
            reason,
            "/points/",
        )
    return entry


def do_expire_points(*, on: dt.date | None = None, actor: Any = None) -> int:
    """Write the expiry entries due on `on` (default today): the unspent points earned in the
    year that ended N years before this one. Idempotent (one expiry entry per user and year);
    each user in their own transaction. Returns the number of entries written."""
    years = expiry_years()
    if years <= 0:
        return 0
    day = on or today()
    cohort = day.year - years - 1
    written = 0
    for user_id, _n in expirable(None, cohort):
        with transaction.atomic():
            balance = lock_balance(user_id)
            if LedgerEntry.objects.filter(
                user_id=user_id, kind=EntryKind.EXPIRY, source="expiry", source_id=str(cohort)
            ).exists():
                continue
            again = expirable(user_id, cohort)
            if not again:
                continue
            amount = again[0][1]
            entry = append_entry(
                balance,
                kind=EntryKind.EXPIRY,
                amount=-amount,
                reason=stored(gettext_lazy("Points earned in %(y)d expired"), y=cohort),
                source="expiry",
                source_id=str(cohort),
                actor=actor if getattr(actor, "is_authenticated", False) else None,
            )
            record(actor, "points.expire", entry, {"user": user_id, "amount": -amount})
            written += 1
    return written
