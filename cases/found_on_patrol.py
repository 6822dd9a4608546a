"""A case found on a patrol (巡查发现): the case names its patrol (`Case.patrol`), since
cases sit above field work. A grid worker reports from the patrol's page, on the patrol
channel; resolved on the spot, it is closed at once as any patrol report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cases.models import Case, Channel
from cases.routing import Placement
from core.refusal import Invalid
from fieldwork.models import Patrol, PatrolStatus
from fieldwork.patrols.panels import Finding


def link(
    actor: Any, patrol_id: Any, channel: str
) -> tuple[Callable[[Placement], None], Callable[[Case], None]]:
    """`do_report_case`'s `check` and `then` for a report from the actor's patrol under way:
    refused unless on the patrol channel, from one's own running patrol, within its grid."""
    try:
        pk = int(patrol_id)
    except (TypeError, ValueError):
        raise Invalid(_("No such patrol of yours."), "patrol") from None
    patrol = Patrol.objects.select_related("grid").filter(pk=pk, walker=actor).first()
    if patrol is None or isinstance(patrol_id, bool):
        raise Invalid(_("No such patrol of yours."), "patrol")
    if channel != Channel.PATROL:
        raise Invalid(_("A finding of a patrol is reported on the patrol channel."), "channel")
    if patrol.status != PatrolStatus.RUNNING:
        raise Invalid(_("The patrol has ended."), "patrol")

    def check(placement: Placement) -> None:
        if not placement.area_code.startswith(patrol.grid.code):
            raise Invalid(_("The place lies outside the patrol's grid."), "location")

    def then(case: Case) -> None:
        Case.objects.filter(pk=case.pk).update(patrol=patrol)
        case.patrol = patrol

    return check, then


def findings(patrol: Patrol) -> list[Finding]:
    """The cases found on a patrol, for its page and answer (`fieldwork.patrols.panels`)."""
    return [
        Finding(
            c.pk,
            c.number,
            str(c.get_status_display()),
            c.resolved_on_spot,
            reverse("cases:detail", args=[c.pk]),
        )
        for c in Case.objects.filter(patrol=patrol).order_by("reported_at", "pk")
    ]


def report_url(patrol: Patrol) -> str:
    """The patrol report form, for a finding of this patrol."""
    return f"{reverse('cases:patrol')}?patrol={patrol.pk}"
