"""Reads of the assessment: what a user sees (the rules of `dashboard.permissions`), the
current version of each row, rankings within a community and within the subdistrict, how
an item was computed in words, and the home lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import timeutil
from core.home import Line
from dashboard import permissions
from dashboard.assessment import scoring
from dashboard.models import (
    Appeal,
    AppealStatus,
    AssessmentRow,
    AssessmentStatus,
    ItemKey,
    MonthlyAssessment,
    Subject,
)

RECENT_DAYS = 30
WAITING = (AssessmentStatus.DRAFT, AssessmentStatus.REVIEWED)


def assessments(user: Any) -> QuerySet[MonthlyAssessment]:
    return MonthlyAssessment.objects.filter(
        permissions.assessments_visible_to(user)
    ).select_related("area", "scheme")


def get_assessment(user: Any, pk: int) -> MonthlyAssessment | None:
    return assessments(user).filter(pk=pk).first()


def rows(user: Any) -> QuerySet[AssessmentRow]:
    return AssessmentRow.objects.filter(permissions.rows_visible_to(user)).select_related(
        "assessment__area", "user", "grid", "community"
    )


def current(qs: QuerySet[AssessmentRow]) -> QuerySet[AssessmentRow]:
    """The rows no later version replaces."""
    return qs.filter(replaced_by__isnull=True)


def get_row(user: Any, pk: int) -> AssessmentRow | None:
    return rows(user).filter(pk=pk).first()


def ranked(a: MonthlyAssessment, kind: str, user: Any) -> list[AssessmentRow]:
    """The current rows of `kind` the user sees, best first, each with `rank` (within the
    subdistrict) and `community_rank` (within its community), counted over all the rows."""
    every = list(
        current(AssessmentRow.objects.filter(assessment=a, kind=kind)).values_list(
            "pk", "score", "community_id"
        )
    )
    overall = scoring.ranks({pk: score for pk, score, _c in every})
    by_community: dict[int, dict[int, Decimal]] = {}
    for pk, score, community in every:
        by_community.setdefault(community, {})[pk] = score
    local: dict[int, int] = {}
    for scores in by_community.values():
        local.update(scoring.ranks(scores))
    seen = list(current(rows(user).filter(assessment=a, kind=kind)))
    for row in seen:
        row.rank = overall[row.pk]  # type: ignore[attr-defined]
        row.community_rank = local[row.pk]  # type: ignore[attr-defined]
        row.community_size = len(by_community[row.community_id])  # type: ignore[attr-defined]
    seen.sort(key=lambda r: (r.rank, r.community.code, r.grid.code, r.pk))  # type: ignore[attr-defined]
    return seen


def ranks_of(row: AssessmentRow) -> dict[str, int] | None:
    """A current row's ranks (in its subdistrict and its community) and how many were
    ranked; None for a version a later one replaced."""
    every = list(
        current(
            AssessmentRow.objects.filter(assessment_id=row.assessment_id, kind=row.kind)
        ).values_list("pk", "score", "community_id")
    )
    if not any(pk == row.pk for pk, _s, _c in every):
        return None
    mates = {pk: s for pk, s, c in every if c == row.community_id}
    return {
        "rank": scoring.ranks({pk: s for pk, s, _c in every})[row.pk],
        "of": len(every),
        "community_rank": scoring.ranks(mates)[row.pk],
        "community_of": len(mates),
    }


def _num(value: Any) -> str:
    if value is None:
        return "—"
    d = Decimal(str(value)).normalize()
    return format(d, "f")


def _pct(value: Any) -> str:
    return f"{Decimal(str(value)) * 100:.1f}%"


def explain(item: dict[str, Any]) -> dict[str, Any]:
    """An item as the worker reads it: its name, the raw figure, the normalisation in words,
    the weight and the points."""
    key, part, whole, raw = item["key"], item["part"], item["whole"], item["raw"]
    share = _num(item["normalised"])
    if key in scoring.COUNTS:
        figure = _num(raw)
        rule = (
            _("%(raw)s ÷ the best, %(best)s = %(share)s")
            % {"raw": figure, "best": item["best"], "share": share}
            if item["best"]
            else _("nobody has any: 0")
        )
    elif key == ItemKey.COMPLAINTS:
        figure = ngettext("%(n)d complaint", "%(n)d complaints", raw) % {"n": raw}
        rule = _("1 − ¼ × %(n)d = %(share)s") % {"n": raw, "share": share}
    elif not whole:
        figure = _("none in the month")
        rule = _("no figure: full share, 1")
    elif key == ItemKey.ON_TIME:
        figure = _("%(part)s of %(whole)s on time") % {"part": part, "whole": whole}
        rule = _("%(part)s ÷ %(whole)s = %(share)s") % {
            "part": part,
            "whole": whole,
            "share": share,
        }
    elif key == ItemKey.REWORK:
        figure = _("%(part)s reworked of %(whole)s handled") % {"part": part, "whole": whole}
        rule = _("1 − %(part)s ÷ %(whole)s = %(share)s") % {
            "part": part,
            "whole": whole,
            "share": share,
        }
    elif key == ItemKey.RATING:
        figure = _("average %(avg)s from %(n)s ratings") % {
            "avg": f"{part / whole:.2f}",
            "n": whole,
        }
        rule = _("%(avg)s ÷ 5 = %(share)s") % {"avg": f"{part / whole:.2f}", "share": share}
    else:
        figure = _("%(part)s of %(whole)s households visited") % {"part": part, "whole": whole}
        rule = _("%(part)s ÷ %(whole)s = %(share)s") % {
            "part": part,
            "whole": whole,
            "share": share,
        }
    return {
        "key": key,
        "label": str(ItemKey(key).label),
        "figure": figure,
        "rule": rule,
        "normalised": share,
        "weight": item["weight"],
        "points": item["points"],
    }


# What waits ------------------------------------------------------------------------------


def waiting(user: Any) -> QuerySet[MonthlyAssessment]:
    """Assessments the user's office reviews or publishes."""
    if not permissions.is_assessor(user):
        return MonthlyAssessment.objects.none()
    return (
        assessments(user)
        .filter(status__in=WAITING)
        .filter(permissions.assess_q(user, "area__code"))
        .order_by("-month", "area__code")
    )


def appeals_to_decide(user: Any) -> QuerySet[Appeal]:
    if not permissions.is_assessor(user):
        return Appeal.objects.none()
    return (
        Appeal.objects.filter(
            permissions.assess_q(user, "row__assessment__area__code"),
            status=AppealStatus.SUBMITTED,
        )
        .exclude(submitted_by=user)
        .select_related("row__assessment__area", "row__user", "row__grid", "submitted_by")
        .order_by("submitted_at")
    )


def _recent() -> dt.datetime:
    return timeutil.now() - dt.timedelta(days=RECENT_DAYS)


def mine(user: Any) -> QuerySet[AssessmentRow]:
    """The user's own current rows of published assessments, newest month first."""
    return (
        current(AssessmentRow.objects.filter(user=user, kind=Subject.WORKER))
        .filter(assessment__status=AssessmentStatus.PUBLISHED)
        .select_related("assessment__area", "grid", "community")
        .order_by("-assessment__month")
    )


def new_scores(user: Any) -> QuerySet[AssessmentRow]:
    """Rows of assessments published within the last 30 days."""
    return mine(user).filter(assessment__published_at__gte=_recent())


def my_appeals(user: Any) -> QuerySet[Appeal]:
    return (
        Appeal.objects.filter(submitted_by=user)
        .select_related("row__assessment__area", "new_row")
        .order_by("-submitted_at")
    )


def answered(user: Any) -> QuerySet[Appeal]:
    """The user's appeals decided within the last 30 days."""
    return my_appeals(user).exclude(status=AppealStatus.SUBMITTED).filter(decided_at__gte=_recent())


def home_lines(user: Any) -> list[Line]:
    """An office: assessments to review or publish, appeals to decide; a worker: new scores
    and their appeals' answers. Each counts the list it links to."""
    counted: list[tuple[str, int, str, str]] = []
    if permissions.is_assessor(user):
        n = waiting(user).count()
        label = ngettext(
            "%(n)d assessment to review or publish", "%(n)d assessments to review or publish", n
        )
        counted.append(("assessments_waiting", n, label, "assessment_index"))
        n = appeals_to_decide(user).count()
        label = ngettext("%(n)d appeal to decide", "%(n)d appeals to decide", n)
        counted.append(("appeals_to_decide", n, label, "assessment_appeals"))
    if permissions.is_assessed(user):
        n = new_scores(user).count()
        label = ngettext("%(n)d new assessment score", "%(n)d new assessment scores", n)
        counted.append(("new_scores", n, label, "assessment_mine"))
        n = answered(user).count()
        label = ngettext("%(n)d appeal answered", "%(n)d appeals answered", n)
        counted.append(("appeals_answered", n, label, "assessment_mine"))
    query = {
        "assessments_waiting": "?waiting=1",
        "new_scores": "?new=1",
        "appeals_answered": "?answered=1",
    }
    return [
        Line(
            f"dashboard.{key}",
            label % {"n": n},
            n,
            reverse(f"dashboard:{url}") + query.get(key, ""),
            "figures",
        )
        for key, n, label, url in counted
        if n
    ]
