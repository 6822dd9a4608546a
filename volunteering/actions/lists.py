"""The three lists and matched projects."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from areas.models import Area
from core import audit
from core.timeutil import now
from core.workflow import check, move
from fieldwork.models import Visit
from party.models import PartnerUnit
from volunteering.actions.common import clean_text, refuse, require_staff
from volunteering.models import (
    ListCategory,
    Need,
    NeedStatus,
    Project,
    ProjectEvent,
    ProjectStatus,
    Resource,
    ResourceStatus,
    ServiceItem,
    Team,
)
from volunteering.workflow import PROJECTS


def _community(community: Area, actor: User) -> None:
    require_staff(actor, community.code)
    if community.level != "community":
        raise refuse(_("Choose a community."), 400)


def _visit(visit: Any, community: Area) -> Visit | None:
    if visit in (None, ""):
        return None
    found = (
        Visit.objects.select_related("household__building")
        .filter(pk=visit.pk if isinstance(visit, Visit) else visit)
        .first()
    )
    if found is None or found.household.building.community_id != community.pk:
        raise refuse(_("The visit is not of a household in this community."), 400)
    return found


def _category(category: str) -> str:
    if category not in ListCategory.values:
        raise refuse(_("Choose a category."), 400)
    return category


def _team(team: Team | None, community: Area) -> None:
    if team is not None and team.community_id != community.pk:
        raise refuse(_("The team belongs to another community."), 400)


@transaction.atomic
def do_add_need(
    *,
    community: Area,
    title: str,
    category: str,
    description: str = "",
    households: Any = 1,
    visit: Any = None,
    actor: User,
) -> Need:
    """Add a need to a community's needs list (its staff). One raised on a household visit
    names it (`visit`: the visit or its id), and the visit's household must lie in the
    community."""
    _community(community, actor)
    visit = _visit(visit, community)
    if (
        isinstance(households, bool)
        or not isinstance(households, int)
        or not 1 <= households <= 100000
    ):
        raise refuse(_("Households concerned must be a whole number from 1."), 400)
    need = Need.objects.create(
        community=community,
        title=clean_text(title, _("Title"), max_length=100),
        description=clean_text(description, _("Description"), required=False, max_length=2000),
        category=_category(category),
        households=households,
        visit=visit,
        created_by=actor,
    )
    audit.record(actor, "volunteering.need.add", need, {"title": need.title})
    return need


@transaction.atomic
def do_add_resource(
    *,
    community: Area,
    title: str,
    category: str,
    description: str = "",
    partner_unit: PartnerUnit | None = None,
    team: Team | None = None,
    actor: User,
) -> Resource:
    _community(community, actor)
    _team(team, community)
    if partner_unit is None and team is None:
        raise refuse(_("Say which partner unit or team offers it."), 400)
    resource = Resource.objects.create(
        community=community,
        title=clean_text(title, _("Title"), max_length=100),
        description=clean_text(description, _("Description"), required=False, max_length=2000),
        category=_category(category),
        partner_unit=partner_unit,
        team=team,
        created_by=actor,
    )
    audit.record(actor, "volunteering.resource.add", resource, {"title": resource.title})
    return resource


@transaction.atomic
def do_add_service_item(
    *,
    community: Area,
    title: str,
    category: str,
    description: str = "",
    team: Team | None = None,
    estimated_hours: Any = 1,
    actor: User,
) -> ServiceItem:
    _community(community, actor)
    _team(team, community)
    try:
        if isinstance(estimated_hours, bool):
            raise InvalidOperation
        hours = Decimal(str(estimated_hours))
    except InvalidOperation:
        raise refuse(_("Estimated hours must be a number."), 400) from None
    if not Decimal("0.5") <= hours <= Decimal("24"):
        raise refuse(_("Estimated hours must be between 0.5 and 24."), 400)
    item = ServiceItem.objects.create(
        community=community,
        title=clean_text(title, _("Title"), max_length=100),
        description=clean_text(description, _("Description"), required=False, max_length=2000),
        category=_category(category),
        team=team,
        estimated_hours=hours,
    )
    audit.record(actor, "volunteering.service.add", item, {"title": item.title})
    return item


@transaction.atomic
def do_set_service_active(item: ServiceItem, *, active: bool, actor: User) -> ServiceItem:
    require_staff(actor, item.community.code)
    item = ServiceItem.objects.select_for_update().get(pk=item.pk)
    changes = audit.diff(item, {"active": active})
    item.active = active
    item.save(update_fields=["active"])
    audit.record(actor, "volunteering.service.set_active", item, changes)
    return item


@transaction.atomic
def do_match(
    *,
    need: Need,
    resource: Resource,
    title: str = "",
    due: dt.date | None = None,
    actor: User,
) -> Project:
    """Match an open need with an available resource of the same community into a project."""
    require_staff(actor, need.community.code)
    need = Need.objects.select_for_update().get(pk=need.pk)
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if resource.community_id != need.community_id:
        raise refuse(_("The need and the resource are in different communities."), 400)
    if need.status != NeedStatus.OPEN:
        raise refuse(_("This need is no longer open."), 409)
    if resource.status != ResourceStatus.AVAILABLE:
        raise refuse(_("This resource is not available."), 409)
    project = Project.objects.create(
        community=need.community,
        need=need,
        resource=resource,
        title=clean_text(title or f"{need.title} × {resource.title}", _("Title"), max_length=100),
        due=due,
    )
    move(need, "match", actor, locked=True)
    move(resource, "match", actor, locked=True)
    ProjectEvent.objects.create(
        project=project, event="match", to_status=project.status, actor=actor
    )
    audit.record(
        actor, "volunteering.project.match", project, {"need": need.pk, "resource": resource.pk}
    )
    return project


@transaction.atomic
def do_advance_project(project: Project, *, event: str, note: str = "", actor: User) -> Project:
    """start / note / complete / cancel, by the transition table. Completing meets the need and
    frees the resource for the next match; cancelling reopens the need."""
    require_staff(actor, project.community.code)
    project = Project.objects.select_for_update().get(pk=project.pk)
    before = project.status
    after = check(PROJECTS, before, event)
    note = clean_text(note, _("Note"), required=event == "note", max_length=1000)
    move(
        project,
        event,
        actor,
        changes={"completed_at": now()} if after == ProjectStatus.COMPLETED else {},
        note=note,
        audit_changes={"status": [before, after]},
        locked=True,
    )
    if after in (ProjectStatus.COMPLETED, ProjectStatus.CANCELLED):
        need = Need.objects.select_for_update().get(pk=project.need_id)
        move(need, "meet" if after == ProjectStatus.COMPLETED else "reopen", actor, locked=True)
        resource = Resource.objects.select_for_update().get(pk=project.resource_id)
        if resource.status == ResourceStatus.MATCHED:
            move(resource, "free", actor, locked=True)
    return project
