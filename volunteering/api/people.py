"""Volunteers, teams, the talent pool, hours and in-service progress in the API."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum
from django.http import HttpRequest
from ninja import Query, Schema, Status

from areas.models import Compound
from core.masking import mask_phone
from core.schemas import errors
from core.timeutil import today
from party.models import PartnerUnit, PartyMember, PartyOrganisation
from volunteering import actions, permissions, selectors
from volunteering.api.common import (
    community_by_code,
    get_or_missing,
    not_found,
    router,
    user_of,
)
from volunteering.api.schemas import (
    HoursOut,
    InServiceOut,
    MemberIn,
    TalentIn,
    TalentOut,
    TeamIn,
    TeamOut,
    VolunteerIn,
    VolunteerOut,
)
from volunteering.models import OrderStatus, Talent, Team, Volunteer


@router.get("/volunteers", response=list[VolunteerOut])
def volunteers(request: HttpRequest) -> list[Volunteer]:
    """Volunteers of the staff's communities with their confirmed hours (phones masked)."""
    qs = (
        Volunteer.objects.filter(permissions.staff_q(request.user, "community__code"))
        .select_related("community")
        .annotate(hours=Sum("orders__hours", filter=Q(orders__status=OrderStatus.CONFIRMED)))
        .order_by("community__code", "name")
    )
    return list(qs[:500])


@router.post("/volunteers", response={201: VolunteerOut} | errors(400, 403, 404, 409))
def register(request: HttpRequest, data: VolunteerIn) -> Status:
    """Without community_code: the signed-in resident registers themselves. With it: staff
    register someone of their community."""
    user = user_of(request)
    if data.community_code is None:
        done = actions.do_register_volunteer(actor=user, user=user, skills=data.skills)
        return Status(201, done)
    done = actions.do_register_volunteer(
        actor=user,
        community=community_by_code(data.community_code),
        name=data.name,
        phone=data.phone,
        skills=data.skills,
        party_member=get_or_missing(PartyMember, data.party_member_id, "party member"),
    )
    return Status(201, done)


@router.get("/me/hours", response={200: HoursOut} | errors(404))
def my_hours(request: HttpRequest) -> Status:
    volunteer = selectors.volunteer_for(request.user)
    if volunteer is None:
        raise not_found()
    year = today().year
    return Status(
        200,
        {
            "volunteer_id": volunteer.pk,
            "year": year,
            "hours_this_year": selectors.hours_of(volunteer, year),
            "hours_total": selectors.hours_of(volunteer),
            "services": volunteer.orders.filter(status=OrderStatus.CONFIRMED).count(),
        },
    )


@router.get("/teams", response=list[TeamOut])
def teams(request: HttpRequest) -> list[Team]:
    qs = (
        Team.objects.filter(permissions.staff_q(request.user, "community__code"))
        .select_related("community")
        .annotate(n=Count("memberships"))
    )
    return list(qs[:500])


@router.post("/teams", response={201: TeamOut} | errors(400, 404))
def create_team(request: HttpRequest, data: TeamIn) -> Status:
    """A party-member, partner-unit or compound team."""
    user = user_of(request)
    done = actions.do_create_team(
        community=community_by_code(data.community_code),
        name=data.name,
        kind=data.kind,
        description=data.description,
        partner_unit=get_or_missing(PartnerUnit, data.partner_unit_id, "partner unit"),
        compound=get_or_missing(Compound, data.compound_id, "compound"),
        organisation=get_or_missing(PartyOrganisation, data.organisation_id, "party organisation"),
        actor=user,
    )
    return Status(201, done)


@router.post("/teams/{pk}/members", response={201: TeamOut} | errors(400, 404, 409))
def add_member(request: HttpRequest, pk: int, data: MemberIn) -> Status:
    user = user_of(request)
    team = Team.objects.filter(permissions.staff_q(user, "community__code"), pk=pk).first()
    if team is None:
        raise not_found()
    actions.do_add_team_member(
        team,
        volunteer=get_or_missing(Volunteer, data.volunteer_id, "volunteer"),
        is_leader=data.is_leader,
        actor=user,
    )
    return Status(201, team)


@router.get("/talent", response=list[TalentOut])
def talent(request: HttpRequest) -> list[Talent]:
    """能人库 of the staff's communities."""
    qs = Talent.objects.filter(
        permissions.staff_q(request.user, "volunteer__community__code")
    ).select_related("volunteer__community")
    return list(qs[:500])


@router.put("/volunteers/{pk}/talent", response={200: TalentOut} | errors(400, 404))
def set_talent(request: HttpRequest, pk: int, data: TalentIn) -> Status:
    user = user_of(request)
    volunteer = Volunteer.objects.filter(
        permissions.staff_q(user, "community__code"), pk=pk
    ).first()
    if volunteer is None:
        raise not_found()
    done = actions.do_set_talent(
        volunteer,
        kind=data.kind,
        title=data.title,
        service_menu=data.service_menu,
        available=data.available,
        actor=user,
    )
    return Status(200, done)


class InServiceFilter(Schema):
    year: int | None = None
    behind: bool = False


@router.get("/in-service", response={200: list[InServiceOut]} | errors())
def in_service(request: HttpRequest, filters: Query[InServiceFilter]) -> list[dict[str, Any]]:
    """双报到 progress of in-service members registered at the staff's communities."""
    year = filters.year if filters.year and 2000 <= filters.year <= 2100 else today().year
    required = selectors.required_services()
    qs = selectors.in_service_progress(request.user, year, behind=filters.behind)
    return [
        {
            "member_id": m.pk,
            "name": m.name,
            "organisation": m.organisation.name,
            "workplace": m.workplace,
            "home_community": m.home_community.code,
            "phone": mask_phone(m.phone),
            "orders_done": m.orders_done,
            "wishes_done": m.wishes_done,
            "done": m.done,
            "required": required,
            "behind": m.done < required,
        }
        for m in qs[:2000]
    ]
