"""The demo's people: volunteers (every in-service party member registered at home, a few
residents each, the demo volunteer), resident accounts who request services, and per
community a party-member team and a partner-unit team with a talent pool."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.hashers import make_password

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from areas.models import Area, Resident
from party.models import PartnershipAgreement, PartnerUnit, PartyMember, PartyOrganisation
from volunteering.models import (
    Talent,
    TalentKind,
    Team,
    TeamKind,
    TeamMembership,
    Volunteer,
)

TALENTS = [
    (TalentKind.DOCTOR, "社区医生", "量血压\n慢病随访\n健康讲座"),
    (TalentKind.LAWYER, "执业律师", "法律咨询\n合同审查\n调解协助"),
    (TalentKind.POLICE, "社区民警", "防诈骗宣传\n安全检查"),
    (TalentKind.REPAIRER, "水电师傅", "水管疏通\n电路检修\n家电小修"),
    (TalentKind.TEACHER, "退休教师", "课业辅导\n书法兴趣班"),
]


def residents_in(community: Area) -> dict[str, str]:
    """Residents of a community by their code range (an index range scan; resident codes
    start with the community code and "C" for compound)."""
    return {"code__gte": community.code + "C", "code__lt": community.code + "D"}


def volunteers(
    ctx: Any, communities: list[Area], demo_volunteer_user: User | None
) -> tuple[list[Volunteer], Volunteer | None]:
    """All volunteers, stored, and the demo volunteer's own record (a party member of the
    first community, so they can claim wishes)."""
    rng = ctx.rng
    first = communities[0]
    members = list(
        PartyMember.objects.filter(in_service=True, home_community__isnull=False)
        .select_related("resident")
        .order_by("pk")
    )
    found = [
        Volunteer(
            community_id=m.home_community_id or first.pk,
            resident_id=m.resident_id,
            party_member=m,
            name=m.name,
            phone=m.phone,
            skills=rng.sample(["维修", "助老", "医疗", "法律", "辅导", "宣传", "驾驶"], 2),
        )
        for m in members
    ]
    residents_per = max(3, int(12 * ctx.scale))
    for community in communities:
        picked = list(
            Resident.objects.filter(
                **residents_in(community),
                birth_date__lte=dt.date(2004, 1, 1),
                party_member__isnull=True,
            )
            .order_by("code")
            .values_list("pk", "name", "phone")[: residents_per * 7 : 7]
        )
        for pk, name, phone in picked:
            found.append(
                Volunteer(
                    community=community,
                    resident_id=pk,
                    name=name,
                    phone=phone,
                    skills=rng.sample(["助老", "保洁", "陪聊", "代买", "巡逻"], 2),
                )
            )
    if demo_volunteer_user is not None:
        member = (
            PartyMember.objects.filter(
                user__isnull=True, organisation__area__code__startswith=first.code
            )
            .exclude(pk__in=[m.pk for m in members])
            .order_by("pk")
            .first()
        )
        if member is not None and not hasattr(demo_volunteer_user, "party_member"):
            member.user = demo_volunteer_user
            member.save(update_fields=["user"])
        else:
            member = None
        found.append(
            Volunteer(
                community=first,
                user=demo_volunteer_user,
                party_member=member,
                resident_id=member.resident_id if member else None,
                name=demo_volunteer_user.name,
                phone=demo_volunteer_user.phone,
                skills=["维修", "助老"],
            )
        )
    Volunteer.objects.bulk_create(found, batch_size=2000)
    demo_vol = next((v for v in found if v.user_id and v.user == demo_volunteer_user), None)
    return found, demo_vol


def requesters(
    ctx: Any, communities: list[Area], demo_resident_user: User | None
) -> dict[int, list[User]]:
    """Resident accounts who request services, by community (the demo resident first in the
    first community)."""
    password = make_password(ctx.data.get("password", "linli-demo"))
    out: dict[int, list[User]] = {}
    new_users: list[User] = []
    roles: list[RoleAssignment] = []
    seq = 0
    for community in communities:
        heads = list(
            Resident.objects.filter(**residents_in(community), is_head=True, user__isnull=True)
            .select_related("household__grid", "household__building")
            .order_by("code")[3:40:12]
        )
        for r in heads:
            seq += 1
            u = User(phone=f"1366{seq:07d}", name=r.name, password=password, resident=r)
            new_users.append(u)
            roles.append(RoleAssignment(user=u, role=Role.RESIDENT, area=r.household.grid))
            out.setdefault(community.pk, []).append(u)
    User.objects.bulk_create(new_users, batch_size=1000)
    RoleAssignment.objects.bulk_create(roles, batch_size=1000)
    if demo_resident_user is not None:
        out.setdefault(communities[0].pk, []).insert(0, demo_resident_user)
    return out


def teams(
    communities: list[Area],
    units: list[PartnerUnit],
    by_community: dict[int, list[Volunteer]],
    demo_vol: Volunteer | None,
) -> dict[int, list[Team]]:
    """Per community a party-member team (under the extended committee) and, where there are
    partner units, a partner-unit team, with members and a talent pool; the demo volunteer
    joins the first community's party-member team. The teams by community."""
    big_committees = {
        o.area_id: o for o in PartyOrganisation.objects.filter(level="extended_committee")
    }
    partner_of = {
        a.organisation.area_id: a.unit
        for a in PartnershipAgreement.objects.filter(
            organisation__level="extended_committee"
        ).select_related("unit", "organisation")
    }
    made: list[Team] = []
    for i, community in enumerate(communities):
        made.append(
            Team(
                community=community,
                name=f"{community.name}党员先锋队",
                kind=TeamKind.PARTY_MEMBER,
                organisation=big_committees.get(community.pk),
                description="在职党员和社区党员组成，响应居民点单。",
            )
        )
        # The unit the community's extended committee partners (party's demo signs one per
        # community), so the team's unit is a partner unit of its community.
        unit = partner_of.get(community.pk) or (units[i % len(units)] if units else None)
        if unit is not None:
            made.append(
                Team(
                    community=community,
                    name=f"{unit.name}志愿服务队",
                    kind=TeamKind.PARTNER_UNIT,
                    partner_unit=unit,
                    description="共建单位结对服务。",
                )
            )
    Team.objects.bulk_create(made)
    memberships: list[TeamMembership] = []
    talents: list[Talent] = []
    teams_of: dict[int, list[Team]] = {}
    for t in made:
        teams_of.setdefault(t.community_id, []).append(t)
    for community in communities:
        pool = by_community.get(community.pk, [])
        party = [v for v in pool if v.party_member_id]
        for t in teams_of[community.pk]:
            chosen = (party if t.kind == TeamKind.PARTY_MEMBER else pool)[:8]
            for n, vol in enumerate(chosen):
                memberships.append(TeamMembership(team=t, volunteer=vol, is_leader=n == 0))
        for vol, (kind, title, menu) in zip(pool[::3], TALENTS, strict=False):
            talents.append(
                Talent(volunteer=vol, kind=kind, title=title, service_menu=menu, available="周末")
            )
    if demo_vol is not None:
        party_team = teams_of[communities[0].pk][0]
        if not any(m.volunteer is demo_vol for m in memberships):
            memberships.append(TeamMembership(team=party_team, volunteer=demo_vol))
    TeamMembership.objects.bulk_create(memberships, batch_size=2000)
    Talent.objects.bulk_create(talents, batch_size=1000)
    return teams_of
