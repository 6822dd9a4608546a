"""Every write of the assessment, each atomic and audited, refusing with `core.refusal`.

Who: `dashboard.permissions.may_assess` (the subdistrict or district office of the area)
computes, adjusts, reviews, publishes and decides appeals; the worker appeals against their
own published row. Someone who may see the object but not take the step is refused with
Forbidden; anyone else with NotFound. Statuses move only through `core.workflow.move`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.models import Area
from core import audit, timeutil
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from core.workflow import Notice, move
from dashboard import permissions
from dashboard.assessment import compute, scoring
from dashboard.assessment.workflow import APPEALS, ASSESSMENTS
from dashboard.models import (
    Appeal,
    AppealStatus,
    AssessmentRow,
    AssessmentScheme,
    AssessmentStatus,
    ItemKey,
    MonthlyAssessment,
    Subject,
)

REASON_MAX = 1000
MAX_ADJUST = Decimal(20)
LEVELS = ("subdistrict", "district")


def _assessor(actor: Any, a: MonthlyAssessment) -> None:
    if permissions.may_assess(actor, a.area.code):
        return
    if MonthlyAssessment.objects.filter(
        permissions.assessments_visible_to(actor), pk=a.pk
    ).exists():
        raise Forbidden(_("Only the office that assesses the area may do this."))
    raise NotFound(_("No such assessment."))


def _reason(value: Any, field: str, message: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise Invalid(message, field)
    if len(text) > REASON_MAX:
        raise Invalid(_("At most %(n)d characters.") % {"n": REASON_MAX}, field)
    return text


def _points(value: Any, field: str) -> Decimal:
    if isinstance(value, bool):
        raise Invalid(_("Give the points as a number."), field)
    try:
        points = Decimal(str(value)).quantize(scoring.CENT)
    except (InvalidOperation, ValueError):
        raise Invalid(_("Give the points as a number."), field) from None
    if not points.is_finite() or abs(points) > MAX_ADJUST:
        raise Invalid(
            _("An adjustment lies between −%(n)s and %(n)s points.") % {"n": MAX_ADJUST}, field
        )
    return points


# Schemes -------------------------------------------------------------------------------


def scheme_for(area: Area) -> AssessmentScheme | None:
    """The scheme in force for a subdistrict: its own latest version, else its district's."""
    codes = [area.code] + ([area.parent.code] if area.parent_id and area.parent else [])
    for code in codes:
        found = AssessmentScheme.objects.filter(area__code=code).order_by("-version").first()
        if found is not None:
            return found
    return None


def clean_weights(weights: Mapping[str, Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, value in weights.items():
        if key not in ItemKey.values:
            raise Invalid(_("No such assessment item: %(key)s.") % {"key": key}, "weights")
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            raise Invalid(_("A weight is a whole number from 0 to 100."), f"weights.{key}")
        out[key] = value
    if sum(out.values()) != 100:
        raise Invalid(
            _("The weights add up to %(sum)d; they must add up to 100.")
            % {"sum": sum(out.values())},
            "weights",
        )
    return {k: out.get(k, 0) for k in ItemKey.values}


@transaction.atomic
def do_save_scheme(
    area: Area, *, weights: Mapping[str, Any], note: str = "", actor: Any
) -> AssessmentScheme:
    """An office saves its subdistrict's or district's weights as a new version (adding up to
    100); assessments keep the version they were computed with."""
    if area.level not in LEVELS:
        raise Invalid(_("A scheme is set for a subdistrict or a district."), "area")
    if not permissions.may_assess(actor, area.code):
        raise NotFound(_("No such area."))
    clean = clean_weights(weights)
    last = (
        AssessmentScheme.objects.select_for_update().filter(area=area).order_by("-version").first()
    )
    scheme = AssessmentScheme.objects.create(
        area=area,
        version=(last.version + 1) if last else 1,
        weights=clean,
        note=str(note or "")[:200],
        created_by=actor,
        created_at=timeutil.now(),
    )
    audit.record(actor, "dashboard.scheme.save", scheme, dict(clean), area_code=area.code)
    return scheme


# Computing -----------------------------------------------------------------------------


def build_rows(
    a: MonthlyAssessment, month: compute.Month, kept: Mapping[tuple[str, Any], Any] = {}
) -> list[AssessmentRow]:
    """The rows of a month's figures under the assessment's scheme (not saved). `kept`:
    adjustments (amount, reason) of a draft computed again, by (kind, user or grid id)."""
    weights = a.scheme.weights
    now = timeutil.now()
    rows = []
    for kind, subjects in ((Subject.WORKER, month.workers), (Subject.GRID, month.grids)):
        best = scoring.bests(s.figures for s in subjects)
        for s in subjects:
            items, total = scoring.score_items(weights, s.figures, best)
            subject_key = s.user_id if kind == Subject.WORKER else s.grid.pk
            adjustment, reason = kept.get((kind, subject_key), (Decimal(0), ""))
            rows.append(
                AssessmentRow(
                    assessment=a,
                    kind=kind,
                    user_id=s.user_id,
                    grid=s.grid,
                    community=s.community,
                    items=items,
                    computed=total.quantize(scoring.CENT),
                    adjustment=adjustment,
                    reason=reason,
                    score=scoring.final(total, adjustment),
                    created_at=now,
                )
            )
    return rows


@transaction.atomic
def do_compute_assessment(area: Area, *, month: dt.date, actor: Any) -> MonthlyAssessment:
    """The office computes a subdistrict's month as a draft (or a draft again: the figures
    are read anew, the adjustments kept). A reviewed or published month is never computed
    again; a month not yet begun is refused."""
    if area.level != "subdistrict":
        raise Invalid(_("An assessment is made for a subdistrict."), "area")
    if not permissions.may_assess(actor, area.code):
        raise NotFound(_("No such area."))
    month = compute.month_start(month)
    if month > compute.month_start(timeutil.today()):
        raise Invalid(_("That month has not begun."), "month")
    scheme = scheme_for(area)
    if scheme is None:
        raise Conflict(_("Set the assessment's weights first."), "area")
    a = (
        MonthlyAssessment.objects.select_for_update()
        .select_related("area")
        .filter(area=area, month=month)
        .first()
    )
    kept: dict[tuple[str, Any], Any] = {}
    if a is None:
        a = MonthlyAssessment.objects.create(
            area=area, month=month, scheme=scheme, computed_at=timeutil.now(), computed_by=actor
        )
        audit.record(actor, "dashboard.assessment.compute", a, {"month": f"{month:%Y-%m}"})
    else:
        if a.status != AssessmentStatus.DRAFT:
            raise Conflict(
                _("This month's assessment is %(status)s; it is never computed again.")
                % {"status": a.get_status_display()},
                "month",
            )
        for row in a.rows.exclude(adjustment=0):
            kept[(row.kind, row.user_id if row.kind == Subject.WORKER else row.grid_id)] = (
                row.adjustment,
                row.reason,
            )
        a.rows.all().delete()
        move(
            a,
            "recompute",
            actor,
            changes={"scheme": scheme, "computed_at": timeutil.now(), "computed_by": actor},
            locked=True,
            table=ASSESSMENTS,
        )
    AssessmentRow.objects.bulk_create(build_rows(a, compute.gather(area, month), kept))
    return a


@transaction.atomic
def do_adjust_row(row: AssessmentRow, *, points: Any, reason: Any, actor: Any) -> AssessmentRow:
    """The office adjusts a row of a draft with a reason (the score stays within 0–100);
    points 0 takes an adjustment back."""
    row = AssessmentRow.objects.select_related("assessment__area").get(pk=row.pk)
    a = (
        MonthlyAssessment.objects.select_for_update()
        .select_related("area")
        .get(pk=row.assessment_id)
    )
    _assessor(actor, a)
    if a.status != AssessmentStatus.DRAFT:
        raise Conflict(_("Only a draft is adjusted; reopen a reviewed assessment first."), "status")
    amount = _points(points, "points")
    text = (
        _reason(reason, "reason", _("Say why the score is adjusted."))
        if amount
        else str(reason or "").strip()[:REASON_MAX]
    )
    before = {"adjustment": str(row.adjustment), "reason": row.reason}
    row.adjustment = amount
    row.reason = text
    row.score = scoring.final(row.computed, amount)
    row.save(update_fields=["adjustment", "reason", "score"])
    audit.record(
        actor,
        "dashboard.assessment_row.adjust",
        row,
        {"adjustment": [before["adjustment"], str(amount)], "reason": [before["reason"], text]},
        area_code=row.grid.code,
    )
    return row


def _step(a: MonthlyAssessment, action: str, actor: Any, **kw: Any) -> MonthlyAssessment:
    a = MonthlyAssessment.objects.select_for_update().select_related("area").get(pk=a.pk)
    _assessor(actor, a)
    return move(a, action, actor, locked=True, table=ASSESSMENTS, **kw)


@transaction.atomic
def do_review_assessment(a: MonthlyAssessment, *, actor: Any) -> MonthlyAssessment:
    """The office confirms its review of a draft (its adjustments made)."""
    return _step(a, "review", actor, changes={"reviewed_by": actor})


@transaction.atomic
def do_reopen_assessment(a: MonthlyAssessment, *, actor: Any) -> MonthlyAssessment:
    """A reviewed assessment goes back to draft for more adjustment."""
    return _step(a, "reopen", actor)


@transaction.atomic
def do_publish_assessment(a: MonthlyAssessment, *, actor: Any) -> MonthlyAssessment:
    """The office publishes a reviewed assessment: from then on it is never recomputed nor
    changed (an upheld appeal adds a version of a row). Each assessed worker is told."""
    workers = list(
        AssessmentRow.objects.filter(assessment=a, kind=Subject.WORKER).values_list(
            "user_id", flat=True
        )
    )
    notice = Notice(
        workers,
        gettext_lazy("Your assessment for %(month)s is published"),
        gettext_lazy("See your scores and how each was computed; you may appeal an item."),
        reverse("dashboard:assessment_mine"),
        params={"month": f"{a.month:%Y-%m}"},
    )
    return _step(
        a,
        "publish",
        actor,
        changes={"published_at": timeutil.now(), "published_by": actor},
        notices=[notice],
    )


# Appeals -------------------------------------------------------------------------------


@transaction.atomic
def do_submit_appeal(row: AssessmentRow, *, item: Any, reason: Any, actor: Any) -> Appeal:
    """A worker appeals against one item of their own published row (its current version);
    one appeal an item at a time."""
    row = (
        AssessmentRow.objects.select_for_update(of=("self",))
        .select_related("assessment__area")
        .get(pk=row.pk)
    )
    if not permissions.may_appeal(actor, row):
        if AssessmentRow.objects.filter(permissions.rows_visible_to(actor), pk=row.pk).exists():
            raise Forbidden(_("Only the assessed worker appeals against their score."))
        raise NotFound(_("No such assessment row."))
    if AssessmentRow.objects.filter(replaces=row).exists():
        raise Conflict(_("This score has a newer version; appeal against that one."), "row")
    keys = [i["key"] for i in row.items]
    if item not in keys:
        raise Invalid(_("Choose an item of this assessment."), "item")
    text = _reason(reason, "reason", _("Say why you appeal."))
    if Appeal.objects.filter(row=row, item=item, status=AppealStatus.SUBMITTED).exists():
        raise Conflict(_("An appeal on this item is already waiting for a decision."), "item")
    appeal = Appeal.objects.create(
        row=row, item=item, reason=text, submitted_by=actor, submitted_at=timeutil.now()
    )
    audit.record(
        actor,
        "dashboard.appeal.submit",
        appeal,
        {"item": item, "reason": text},
        area_code=row.grid.code,
    )
    return appeal


def _appeal_notice(appeal: Appeal, title: Any) -> Notice:
    return Notice(
        [appeal.submitted_by_id],
        title,
        appeal.decision,
        reverse("dashboard:assessment_row", args=[appeal.new_row_id or appeal.row_id]),
        params={"month": f"{appeal.row.assessment.month:%Y-%m}"},
    )


@transaction.atomic
def do_decide_appeal(
    appeal: Appeal, *, uphold: bool, note: Any, points: Any = None, actor: Any
) -> Appeal:
    """The office decides an appeal with a reason. Upheld: the row's score is adjusted by
    `points` in a new version of the row (the published one stays as it was); rejected: the
    score stands. The worker is told either way."""
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("row__assessment__area", "row__grid")
        .get(pk=appeal.pk)
    )
    if not permissions.may_decide_appeal(actor, appeal):
        if appeal.submitted_by_id == getattr(actor, "pk", None):
            raise Forbidden(_("An appeal is decided by the office, not by who made it."))
        raise NotFound(_("No such appeal."))
    text = _reason(note, "note", _("Give the reason for the decision."))
    appeal.decision = text
    if not uphold:
        return move(
            appeal,
            "reject",
            actor,
            changes={"decided_by": actor, "decided_at": timeutil.now(), "decision": text},
            locked=True,
            table=APPEALS,
            notices=[_appeal_notice(appeal, _rejected())],
        )
    amount = _points(points, "points")
    if not amount:
        raise Invalid(_("An upheld appeal changes the score: give the points."), "points")
    old = AssessmentRow.objects.select_for_update().get(pk=appeal.row_id)
    if appeal.status != AppealStatus.SUBMITTED:
        raise Conflict(APPEALS.refused(appeal.status, "uphold"), "status")
    adjustment = old.adjustment + amount
    reason = f"{old.reason}\n{text}".strip() if old.reason else text
    new = AssessmentRow.objects.create(
        assessment_id=old.assessment_id,
        kind=old.kind,
        user_id=old.user_id,
        grid_id=old.grid_id,
        community_id=old.community_id,
        items=old.items,
        computed=old.computed,
        adjustment=adjustment,
        reason=reason[:2000],
        score=scoring.final(old.computed, adjustment),
        version=old.version + 1,
        replaces=old,
        created_at=timeutil.now(),
    )
    # The other appeals waiting on the old version go on waiting on the new one.
    Appeal.objects.filter(row=old, status=AppealStatus.SUBMITTED).exclude(pk=appeal.pk).update(
        row=new
    )
    appeal.new_row = new
    return move(
        appeal,
        "uphold",
        actor,
        changes={
            "decided_by": actor,
            "decided_at": timeutil.now(),
            "decision": text,
            "points": amount,
            "new_row": new,
        },
        locked=True,
        table=APPEALS,
        notices=[_appeal_notice(appeal, _upheld())],
    )


def _upheld() -> Any:
    return gettext_lazy("Your appeal on your %(month)s assessment is upheld")


def _rejected() -> Any:
    return gettext_lazy("Your appeal on your %(month)s assessment is rejected")
