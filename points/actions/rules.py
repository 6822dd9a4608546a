"""Earning rules, set by administrators. A contradictory rule is refused with its reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.audit import diff, record
from core.refusal import Conflict, Forbidden, Invalid
from points.models import Activity, EarningRule, RuleUnit
from points.permissions import may_edit_rules

MAX_POINTS = 10_000
MAX_CAP = 10_000_000
RULE_FIELDS = ("activity", "unit", "points", "daily_cap", "yearly_cap", "valid_from", "valid_to")


def _require_admin(actor: Any) -> None:
    if not may_edit_rules(actor):
        raise Forbidden(_("Only administrators set earning rules."))


def _int_or_none(value: Any, field: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise Invalid(_("%(f)s must be a whole number.") % {"f": field}, field=field)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Invalid(_("%(f)s must be a whole number.") % {"f": field}, field=field) from None


def validate_rule(values: dict[str, Any], *, exclude_pk: int | None = None) -> dict[str, Any]:
    """The rule's values, cleaned; refuses (Invalid) any contradiction."""
    out = dict(values)
    if out.get("activity") not in Activity.values:
        raise Invalid(_("Choose an activity."), field="activity")
    if out.get("unit") not in RuleUnit.values:
        raise Invalid(_("Choose per occurrence or per hour."), field="unit")
    points = _int_or_none(out.get("points"), "points")
    if points is None or points <= 0:
        raise Invalid(_("Points per unit must be above zero."), field="points")
    if points > MAX_POINTS:
        raise Invalid(
            _("Points per unit can be at most %(n)d.") % {"n": MAX_POINTS}, field="points"
        )
    daily = _int_or_none(out.get("daily_cap"), "daily_cap")
    yearly = _int_or_none(out.get("yearly_cap"), "yearly_cap")
    if daily is not None and daily < 0:
        raise Invalid(_("The daily cap cannot be below zero."), field="daily_cap")
    if yearly is not None and yearly < 0:
        raise Invalid(_("The yearly cap cannot be below zero."), field="yearly_cap")
    for value, field in ((daily, "daily_cap"), (yearly, "yearly_cap")):
        if value is not None and value > MAX_CAP:
            raise Invalid(_("A cap can be at most %(n)d.") % {"n": MAX_CAP}, field=field)
    if daily is not None and yearly is not None and daily > yearly:
        raise Invalid(_("The daily cap cannot be above the yearly cap."), field="daily_cap")
    start, end = out.get("valid_from"), out.get("valid_to")
    if not isinstance(start, dt.date):
        raise Invalid(_("Give the date the rule starts."), field="valid_from")
    if end is not None and not isinstance(end, dt.date):
        raise Invalid(_("Give a valid end date."), field="valid_to")
    if end is not None and end < start:
        raise Invalid(_("The rule cannot end before it starts."), field="valid_to")
    out.update(points=points, daily_cap=daily, yearly_cap=yearly)
    if out.get("active", True):
        overlapping = EarningRule.objects.filter(active=True, activity=out["activity"]).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=start)
        )
        if end is not None:
            overlapping = overlapping.filter(valid_from__lte=end)
        if exclude_pk is not None:
            overlapping = overlapping.exclude(pk=exclude_pk)
        clash = overlapping.first()
        if clash is not None:
            raise Conflict(
                _(
                    "Another active rule for this activity (from %(start)s) covers these dates; "
                    "end or deactivate it first."
                )
                % {"start": clash.valid_from},
                field="valid_from",
            )
    return out


@transaction.atomic
def do_create_rule(*, actor: Any, **values: Any) -> EarningRule:
    """An administrator adds a rule; contradictions (non-positive points, caps below zero,
    a daily cap above the yearly cap, an end before the start, an overlapping active rule
    for the same activity) are refused."""
    _require_admin(actor)
    # Serialise rule writers so two overlapping rules cannot both pass the check.
    list(EarningRule.objects.select_for_update().filter(activity=values.get("activity")))
    clean = validate_rule({k: values.get(k) for k in RULE_FIELDS})
    rule = EarningRule.objects.create(
        **{k: clean[k] for k in RULE_FIELDS},
        note=str(values.get("note") or "")[:200],
        created_by=actor,
    )
    record(actor, "points.rule.create", rule, {k: clean[k] for k in RULE_FIELDS})
    return rule


@transaction.atomic
def do_update_rule(rule: EarningRule, *, actor: Any, **values: Any) -> EarningRule:
    """Change a rule's values under the same checks as a new rule."""
    _require_admin(actor)
    rule = EarningRule.objects.select_for_update().get(pk=rule.pk)
    activity = values.get("activity") or rule.activity
    list(EarningRule.objects.select_for_update().filter(activity__in={activity, rule.activity}))
    values = {
        k: v
        for k, v in values.items()
        if v is not None or k in ("daily_cap", "yearly_cap", "valid_to")
    }
    merged = {k: values.get(k, getattr(rule, k)) for k in RULE_FIELDS}
    merged["active"] = rule.active
    clean = validate_rule(merged, exclude_pk=rule.pk)
    new = {k: clean[k] for k in RULE_FIELDS}
    if "note" in values:
        new["note"] = str(values.get("note") or "")[:200]
    changes = diff(rule, new)
    for k, v in new.items():
        setattr(rule, k, v)
    rule.save(update_fields=list(new))
    record(actor, "points.rule.update", rule, changes)
    return rule


@transaction.atomic
def do_deactivate_rule(rule: EarningRule, *, actor: Any) -> EarningRule:
    """Stop a rule from counting anything; past entries keep pointing to it."""
    _require_admin(actor)
    rule = EarningRule.objects.select_for_update().get(pk=rule.pk)
    if rule.active:
        rule.active = False
        rule.save(update_fields=["active"])
        record(actor, "points.rule.deactivate", rule, {"active": [True, False]})
    return rule
