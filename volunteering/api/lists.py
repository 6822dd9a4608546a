"""The three lists and projects in the API (staff)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Status

from core.schemas import errors
from party.models import PartnerUnit
from volunteering import actions, permissions
from volunteering.api.common import (
    community_by_code,
    get_or_missing,
    not_found,
    router,
    user_of,
)
from volunteering.api.schemas import (
    MatchIn,
    NeedIn,
    NeedOut,
    ProjectEventIn,
    ProjectOut,
    ResourceIn,
    ResourceOut,
    ServiceIn,
    ServiceOut,
)
from volunteering.models import Need, Project, Resource, ServiceItem, Team


def _scope(request: HttpRequest) -> Any:
    return permissions.staff_q(request.user, "community__code")


@router.get("/needs", response=list[NeedOut])
def needs(request: HttpRequest) -> list[Need]:
    """需求清单 of the staff's communities."""
    return list(Need.objects.filter(_scope(request)).select_related("community")[:500])


@router.post("/needs", response={201: NeedOut} | errors(400, 404))
def add_need(request: HttpRequest, data: NeedIn) -> Status:
    user = user_of(request)
    done = actions.do_add_need(
        community=community_by_code(data.community_code),
        title=data.title,
        category=data.category,
        description=data.description,
        households=data.households,
        actor=user,
    )
    return Status(201, done)


@router.get("/resources", response=list[ResourceOut])
def resources(request: HttpRequest) -> list[Resource]:
    """资源清单 of the staff's communities."""
    return list(Resource.objects.filter(_scope(request)).select_related("community")[:500])


@router.post("/resources", response={201: ResourceOut} | errors(400, 404))
def add_resource(request: HttpRequest, data: ResourceIn) -> Status:
    user = user_of(request)
    done = actions.do_add_resource(
        community=community_by_code(data.community_code),
        title=data.title,
        category=data.category,
        description=data.description,
        partner_unit=get_or_missing(PartnerUnit, data.partner_unit_id, "partner unit"),
        team=get_or_missing(Team, data.team_id, "team"),
        actor=user,
    )
    return Status(201, done)


@router.get("/service-items", response=list[ServiceOut])
def service_items(request: HttpRequest) -> list[ServiceItem]:
    """服务清单 entries of the staff's communities, on and off the menu."""
    return list(ServiceItem.objects.filter(_scope(request)).select_related("community")[:500])


@router.post("/service-items", response={201: ServiceOut} | errors(400, 404))
def add_service_item(request: HttpRequest, data: ServiceIn) -> Status:
    user = user_of(request)
    done = actions.do_add_service_item(
        community=community_by_code(data.community_code),
        title=data.title,
        category=data.category,
        description=data.description,
        team=get_or_missing(Team, data.team_id, "team"),
        estimated_hours=data.estimated_hours,
        actor=user,
    )
    return Status(201, done)


@router.get("/projects", response=list[ProjectOut])
def projects(request: HttpRequest) -> list[Project]:
    return list(Project.objects.filter(_scope(request)).select_related("community")[:500])


@router.post("/projects", response={201: ProjectOut} | errors(400, 404, 409))
def match(request: HttpRequest, data: MatchIn) -> Status:
    """Match an open need with an available resource into a project."""
    user = user_of(request)

    def call() -> Project:
        need = get_or_missing(Need, data.need_id, "need")
        resource = get_or_missing(Resource, data.resource_id, "resource")
        return actions.do_match(
            need=need, resource=resource, title=data.title, due=data.due, actor=user
        )

    return Status(201, call())


@router.post("/projects/{pk}/{event}", response={200: ProjectOut} | errors(400, 404, 409))
def advance(
    request: HttpRequest,
    pk: int,
    event: Literal["start", "note", "complete", "cancel"],
    data: ProjectEventIn,
) -> Status:
    """Track a project: start, add a progress note, complete or cancel."""
    user = user_of(request)
    project = Project.objects.filter(_scope(request), pk=pk).select_related("community").first()
    if project is None:
        raise not_found()
    done = actions.do_advance_project(project, event=event, note=data.note, actor=user)
    return Status(200, done)
