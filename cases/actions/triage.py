"""Triage of reported cases at the desk: duplicates near a new report, merging, "me too",
accepting and rejecting."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from areas.location import clean_point
from cases.actions._base import act_as_desk, lock, move, now, tell, tell_progress
from cases.actions.intake.checks import clean_text, resolve_category
from cases.deadlines import deadline
from cases.models import Case, Channel, Supporter
from cases.permissions import require_view
from cases.subjects import case_subject
from cases.workflow import OPEN, allowed
from core import audit
from core.i18n import site_language
from core.refusal import Conflict, Forbidden, Invalid
from points.actions import do_award_points
from points.models import Activity


def find_duplicates(
    category: Any, lon: Any, lat: Any, *, exclude: int | None = None, limit: int = 5
) -> list[Case]:
    """Open cases of the same category within 100 m reported in the last 30 days. Disputes
    and sensitive categories are never offered: they are private to the parties (or the
    person cared for) and the staff, as in Open311."""
    cat = resolve_category(category)
    x, y = clean_point(lon, lat)
    if cat.is_dispute or cat.sensitive:
        return []
    dlat = 100 / 111_320
    dlon = dlat / max(math.cos(math.radians(y)), 0.01)
    rows = (
        Case.objects.filter(
            category=cat,
            status__in=OPEN,
            reported_at__gte=now() - dt.timedelta(days=30),
            lat__range=(y - dlat, y + dlat),
            lon__range=(x - dlon, x + dlon),
        )
        .exclude(pk=exclude or 0)
        .select_related("category")
        .order_by("-reported_at")[:50]
    )
    out = []
    for c in rows:
        metres = _distance(x, y, c.lon, c.lat)
        if metres <= 100:
            c.distance = round(metres)
            out.append(c)
    return out[:limit]


def _distance(x1: float, y1: float, x2: float, y2: float) -> float:
    r = 6_371_000
    p1, p2 = math.radians(y1), math.radians(y2)
    dp, dl = p2 - p1, math.radians(x2 - x1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


@transaction.atomic
def do_merge_case(case: Case | int, *, into: Case | int, actor: Any, note: str = "") -> Case:
    """Merge a duplicate into a surviving open case (desk staff of both areas).

    The duplicate becomes "merged"; its reporter and supporters follow and may rate
    the surviving case. Into a dispute only another dispute is merged (both parties reporting
    the same feud): the reporter of a plain case would otherwise follow the dispute and see
    its parties.
    """
    first, second = sorted(
        [case if isinstance(case, int) else case.pk, into if isinstance(into, int) else into.pk]
    )
    if first == second:
        raise Invalid(_("A case cannot be merged into itself."), "into")
    locked = {c.pk: c for c in (lock(first), lock(second))}
    dup = locked[case if isinstance(case, int) else case.pk]
    target = locked[into if isinstance(into, int) else into.pk]
    act_as_desk(dup, actor)
    act_as_desk(target, actor)
    if target.status not in OPEN or target.merged_into_id:
        raise Conflict(_("Cases can only be merged into an open case."), "into")
    if target.category.is_dispute and not dup.category.is_dispute:
        raise Conflict(_("Only a case of a dispute category can be merged into a dispute."), "into")
    move(dup, "merge", actor, note=note, changes={"merged_into": target, "due_at": None})
    users = [u for u in [dup.reporter] if u] + [s.user for s in dup.supporters.all()]
    for user in users:
        if user.pk != target.reporter_id:
            Supporter.objects.get_or_create(case=target, user=user, defaults={"from_merge": True})
    with site_language():
        tell(users, _("Your case was merged into another one"), target)
    return dup


@transaction.atomic
def do_support_case(case: Case | int, *, actor: Any) -> Supporter:
    """ "Me too": a signed-in user adds support to an open case once; they then follow it.
    A dispute cannot be supported: following it would show a stranger the parties' case."""
    c = lock(case)
    if not actor.is_authenticated:
        raise Forbidden(_("Sign in first."))
    if c.category.is_dispute:
        require_view(actor, c)  # a stranger learns nothing about it
        raise Invalid(_("A dispute cannot be supported."), "case")
    if not allowed("support", c.status):
        raise Conflict(_("Only open cases can be supported."), "case")
    if c.reporter_id == actor.pk:
        raise Invalid(_("You reported this case yourself."), "case")
    support, created = Supporter.objects.get_or_create(case=c, user=actor)
    if not created:
        raise Conflict(_("You already support this case."), "case")
    audit.record(actor, "case.support", c)
    return support


@transaction.atomic
def do_accept_case(case: Case | int, *, actor: Any, note: str = "") -> Case:
    """Accept a reported case (desk staff of its area): the acceptor becomes its owner
    (首问负责) and the handling deadline starts from now. An accepted snap report is a valid
    one: its resident reporter earns points under the 'valid case report' rule (once per case,
    within the rule's caps)."""
    c = lock(case)
    act_as_desk(c, actor)
    at = now()
    handle_due = deadline(at, c.category.handle_limit, c.category.handle_unit)
    move(
        c,
        "accept",
        actor,
        note=note,
        changes={"owner": actor, "accepted_at": at, "handle_due": handle_due, "due_at": handle_due},
    )
    if c.channel == Channel.APP and c.reporter_id and c.reporter_id != actor.pk:
        # The case's number and category, the category shown in the reader's language; the
        # category came with the locked row, so naming it costs no query.
        do_award_points(
            c.reporter,
            Activity.CASE_REPORT,
            source="case",
            source_id=str(c.pk),
            actor=actor,
            subject=case_subject(c.number, c.category.name, c.category.name_en),
        )
    with site_language():
        tell_progress([c], _("Your case was accepted"), actor)
    return c


@transaction.atomic
def do_reject_case(case: Case | int, *, actor: Any, reason: str) -> Case:
    """Reject a reported case (not ours, not a problem, spam); a reason is required and
    the reporter is told."""
    c = lock(case)
    act_as_desk(c, actor)
    reason = clean_text(reason, 1000, "reason")
    move(c, "reject", actor, note=reason, changes={"due_at": None, "owner": actor})
    with site_language():
        tell([c.reporter], _("Your report was not accepted"), c, reason)
    return c
