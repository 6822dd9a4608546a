"""Volunteers, teams and the talent pool."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from areas.models import Area, Compound
from core import audit
from party.models import PartnerUnit, PartyMember, PartyOrganisation
from volunteering import selectors
from volunteering.actions.common import clean_text, refuse, require_staff
from volunteering.models import Talent, TalentKind, Team, TeamKind, TeamMembership, Volunteer


def _skills(skills: Any) -> list[str]:
    if isinstance(skills, str):
        skills = [s for s in skills.replace("，", ",").split(",")]
    if not isinstance(skills, list) or not all(isinstance(s, str) for s in skills):
        raise refuse(_("Skills must be a list of words."), 400)
    out = [s.strip()[:30] for s in skills if s.strip()]
    if len(out) > 20:
        raise refuse(_("At most 20 skills."), 400)
    return out


@transaction.atomic
def do_register_volunteer(
    *,
    actor: User,
    community: Area | None = None,
    user: User | None = None,
    name: str = "",
    phone: str = "",
    skills: Any = (),
    party_member: PartyMember | None = None,
) -> Volunteer:
    """Staff register anyone in their community; a signed-in resident registers themselves
    (`user` is the actor, the community is their home). Party members are linked and marked."""
    if user is not None and user.pk == actor.pk and community is None:
        community = selectors.home_community(user)
        if community is None:
            raise refuse(_("Only residents registered in a community can volunteer."), 403)
    else:
        if community is None:
            raise refuse(_("Choose a community."), 400)
        require_staff(actor, community.code)
    if community.level != "community":
        raise refuse(_("Choose a community."), 400)
    if user is not None and Volunteer.objects.filter(user=user).exists():
        raise refuse(_("Already registered as a volunteer."), 409)
    if party_member is None and user is not None:
        party_member = PartyMember.objects.filter(user=user).first()
    if party_member is not None and Volunteer.objects.filter(party_member=party_member).exists():
        raise refuse(_("This party member is already a volunteer."), 409)
    resident = getattr(user, "resident", None) if user is not None else None
    volunteer = Volunteer.objects.create(
        community=community,
        user=user,
        resident=resident,
        party_member=party_member,
        name=clean_text(name or (user.name if user else ""), _("Name"), max_length=50),
        phone=(phone or (user.phone if user else "")).strip()[:20],
        skills=_skills(list(skills) if isinstance(skills, tuple) else skills),
    )
    if user is not None:
        RoleAssignment.objects.get_or_create(user=user, role=Role.VOLUNTEER, area=community)
    audit.record(actor, "volunteering.volunteer.register", volunteer, {"community": community.code})
    return volunteer


@transaction.atomic
def do_update_volunteer(
    volunteer: Volunteer, *, skills: Any = None, active: bool | None = None, actor: User
) -> Volunteer:
    if volunteer.user_id != actor.pk:
        require_staff(actor, volunteer.community.code)
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    new: dict[str, Any] = {}
    if skills is not None:
        new["skills"] = _skills(skills)
    if active is not None:
        new["active"] = bool(active)
    changes = audit.diff(volunteer, new)
    for field, value in new.items():
        setattr(volunteer, field, value)
    if new:
        volunteer.save(update_fields=list(new))
    audit.record(actor, "volunteering.volunteer.update", volunteer, changes)
    return volunteer


@transaction.atomic
def do_create_team(
    *,
    community: Area,
    name: str,
    kind: str,
    description: str = "",
    partner_unit: PartnerUnit | None = None,
    compound: Compound | None = None,
    organisation: PartyOrganisation | None = None,
    actor: User,
) -> Team:
    """A party-member team (of an organisation), a partner-unit team or a compound team."""
    require_staff(actor, community.code)
    if community.level != "community":
        raise refuse(_("Choose a community."), 400)
    if kind not in TeamKind.values:
        raise refuse(_("Choose the kind of team."), 400)
    if kind == TeamKind.PARTNER_UNIT and partner_unit is None:
        raise refuse(_("A partner-unit team needs its partner unit."), 400)
    if kind == TeamKind.COMPOUND:
        if compound is None:
            raise refuse(_("A compound team needs its compound."), 400)
        if compound.community_id != community.pk:
            raise refuse(_("The compound is in another community."), 400)
    if organisation is not None and not organisation.area.code.startswith(community.code[:9]):
        raise refuse(_("The party organisation is outside this subdistrict."), 400)
    team = Team.objects.create(
        community=community,
        name=clean_text(name, _("Name"), max_length=100),
        kind=kind,
        description=clean_text(description, _("Description"), required=False, max_length=2000),
        partner_unit=partner_unit if kind == TeamKind.PARTNER_UNIT else None,
        compound=compound if kind == TeamKind.COMPOUND else None,
        organisation=organisation,
    )
    audit.record(actor, "volunteering.team.create", team, {"kind": kind})
    return team


@transaction.atomic
def do_add_team_member(
    team: Team, *, volunteer: Volunteer, is_leader: bool = False, actor: User
) -> TeamMembership:
    """Members come from the team's subdistrict (in-service members live elsewhere)."""
    require_staff(actor, team.community.code)
    if not volunteer.community.code.startswith(team.community.code[:9]):
        raise refuse(_("This volunteer is outside the team's subdistrict."), 400)
    if TeamMembership.objects.filter(team=team, volunteer=volunteer).exists():
        raise refuse(_("Already a member of this team."), 409)
    membership = TeamMembership.objects.create(team=team, volunteer=volunteer, is_leader=is_leader)
    audit.record(
        actor,
        "volunteering.team.add_member",
        team,
        {"volunteer": volunteer.pk, "leader": is_leader},
    )
    return membership


@transaction.atomic
def do_remove_team_member(team: Team, *, volunteer: Volunteer, actor: User) -> None:
    require_staff(actor, team.community.code)
    deleted, _rows = TeamMembership.objects.filter(team=team, volunteer=volunteer).delete()
    if not deleted:
        raise refuse(_("Not a member of this team."), 400)
    audit.record(actor, "volunteering.team.remove_member", team, {"volunteer": volunteer.pk})


@transaction.atomic
def do_set_talent(
    volunteer: Volunteer,
    *,
    kind: str,
    title: str = "",
    service_menu: str = "",
    available: str = "",
    actor: User,
) -> Talent:
    """Put a volunteer in the talent pool (能人库) with their profession and service menu."""
    require_staff(actor, volunteer.community.code)
    if kind not in TalentKind.values:
        raise refuse(_("Choose a profession."), 400)
    values = {
        "kind": kind,
        "title": clean_text(title, _("Title"), required=False, max_length=100),
        "service_menu": clean_text(service_menu, _("Service menu"), max_length=2000),
        "available": clean_text(available, _("Availability"), required=False, max_length=100),
    }
    talent, created = Talent.objects.select_for_update().get_or_create(
        volunteer=volunteer, defaults=values
    )
    changes = values if created else audit.diff(talent, values)
    if not created:
        for field, value in values.items():
            setattr(talent, field, value)
        talent.save(update_fields=list(values))
    audit.record(actor, "volunteering.talent.set", talent, changes)
    return talent
