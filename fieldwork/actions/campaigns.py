"""Screening campaigns: launched by an office over its area, each household recorded at the
door by a grid worker.

Two workers recording the same household at once: the row is locked, and the one whose form
was read before the other's record (its `revision` no longer the row's) is refused with a
Conflict that says who recorded it and how; nothing of theirs is stored."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment
from accounts.roles import GRID_WORKERS
from areas.models import Area, Household
from core import audit, timeutil
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from core.workflow import move
from fieldwork import permissions, questionnaire
from fieldwork.models import SETTLED, Campaign, CampaignHousehold, CampaignKind, Outcome
from fieldwork.workflow import ACTION_OF, CAMPAIGN_HOUSEHOLDS

NAME_MAX = 100
NOTE_MAX = 500
LONGEST = dt.timedelta(days=366)


def posted_workers(grid_ids: list[int]) -> dict[int, list[int]]:
    """Each grid's posted workers (定岗: a grid worker's role on the grid itself), by user id."""
    found: dict[int, list[int]] = defaultdict(list)
    rows = (
        RoleAssignment.objects.filter(area_id__in=grid_ids, role__in=GRID_WORKERS)
        .order_by("area_id", "user_id")
        .values_list("area_id", "user_id")
        .distinct()
    )
    for grid_id, user_id in rows:
        found[grid_id].append(user_id)
    return found


def spread_rows(campaign: Campaign) -> list[CampaignHousehold]:
    """Every household of the campaign's area (those placed in a grid), unsaved, given to the
    grid's posted workers in turn by household code; a grid without a worker leaves them
    unassigned (the progress lists them so)."""
    households = list(
        Household.objects.filter(grid__code__startswith=campaign.area.code)
        .order_by("grid_id", "code")
        .values_list("pk", "grid_id")
    )
    workers = posted_workers(sorted({g for _h, g in households}))
    turn: dict[int, int] = defaultdict(int)
    rows = []
    for household_id, grid_id in households:
        posted = workers.get(grid_id, [])
        worker = posted[turn[grid_id] % len(posted)] if posted else None
        turn[grid_id] += 1
        rows.append(
            CampaignHousehold(
                campaign=campaign, household_id=household_id, grid_id=grid_id, worker_id=worker
            )
        )
    return rows


def spread(campaign: Campaign) -> int:
    """Store the campaign's households (`spread_rows`); how many."""
    rows = spread_rows(campaign)
    CampaignHousehold.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


@transaction.atomic
def do_launch_campaign(
    *,
    name: str,
    area: Area,
    starts_on: dt.date,
    ends_on: dt.date,
    questionnaire_fields: Any = None,
    kind: str = CampaignKind.SCREENING,
    actor: Any,
) -> Campaign:
    """Launch a campaign over an area one runs field work on (`run_fieldwork`), for a period
    that has not ended (at most a year), with a questionnaire of typed fields (the usual
    door-to-door questions when none is given). Its households are spread at once."""
    if not permissions.may_run_campaign(actor, area.code):
        raise NotFound(_("No such area."))
    name = (name or "").strip()
    if not name:
        raise Invalid(_("Name the campaign."), "name")
    if len(name) > NAME_MAX:
        raise Invalid(_("At most %(n)d characters.") % {"n": NAME_MAX}, "name")
    if kind not in CampaignKind.values:
        raise Invalid(_("Unknown kind."), "kind")
    if ends_on < starts_on:
        raise Invalid(_("The campaign ends before it starts."), "ends_on")
    if ends_on < timeutil.today():
        raise Invalid(_("The campaign's period has ended already."), "ends_on")
    if ends_on - starts_on > LONGEST:
        raise Invalid(_("A campaign lasts a year at most."), "ends_on")
    fields = questionnaire.clean_schema(
        questionnaire.DEFAULT if questionnaire_fields is None else questionnaire_fields
    )
    campaign = Campaign.objects.create(
        name=name,
        kind=kind,
        area=area,
        starts_on=starts_on,
        ends_on=ends_on,
        questionnaire=fields,
        created_by=actor,
    )
    count = spread(campaign)
    audit.record(actor, "fieldwork.campaign.launch", campaign, {"households": count})
    return campaign


def is_running(campaign: Campaign, day: dt.date | None = None) -> bool:
    day = day or timeutil.today()
    return campaign.starts_on <= day <= campaign.ends_on


@transaction.atomic
def do_record_household(
    row: CampaignHousehold,
    *,
    outcome: str,
    answers: Any = None,
    note: str = "",
    revision: int | None = None,
    actor: Any,
) -> CampaignHousehold:
    """Record what the worker found at the door: reached (with the questionnaire's answers),
    not at home (tried again later; attempts are counted), refused or vacant. Only while the
    campaign runs, by its worker, a worker of the grid or the office. `revision` is the one
    the worker's form was read at: if another record came first, Conflict."""
    locked = (
        CampaignHousehold.objects.select_for_update(of=("self",))
        .select_related("campaign", "grid", "recorded_by")
        .filter(pk=row.pk)
        .first()
    )
    if locked is None or not permissions.can_view_campaign_household(actor, locked):
        raise NotFound(_("No such household in the campaign."))
    if not permissions.may_record_household(actor, locked):
        raise Forbidden(_("Only a worker of the grid may record this household."))
    if not is_running(locked.campaign):
        raise Conflict(_("The campaign is not running."), "campaign")
    stale = revision is not None and revision != locked.revision
    if stale or locked.outcome in SETTLED:
        who = locked.recorded_by.name if locked.recorded_by else ""
        raise Conflict(
            _("%(name)s recorded this household meanwhile (%(outcome)s): reload it.")
            % {"name": who, "outcome": Outcome(locked.outcome).label},
            "revision",
        )
    if outcome not in ACTION_OF:
        raise Invalid(_("Choose what was found at the door."), "outcome")
    cleaned: dict[str, Any] = {}
    if outcome == Outcome.REACHED:
        cleaned = questionnaire.clean_answers(locked.campaign.questionnaire, answers or {})
    elif answers:
        raise Invalid(_("Answers are recorded only for a household reached."), "answers")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise Invalid(_("At most %(n)d characters.") % {"n": NOTE_MAX}, "note")
    return move(
        locked,
        ACTION_OF[Outcome(outcome)],
        actor,
        changes={
            "answers": cleaned,
            "note": note,
            "attempts": locked.attempts + 1,
            "recorded_at": timeutil.now(),
            "recorded_by": actor,
            "revision": locked.revision + 1,
        },
        audit_changes={"outcome": outcome, "attempt": locked.attempts + 1},
        locked=True,
        table=CAMPAIGN_HOUSEHOLDS,
    )
