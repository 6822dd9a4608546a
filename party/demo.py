"""Demo part of party: a working committee per subdistrict, an extended committee per community,
a branch on every grid, groups, hub households and about 5,000 members at scale 1."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from areas.models import Area, Resident
from party.commitments import demo as commitments
from party.joint import demo as joint
from party.life import demo as life
from party.models import (
    BranchKind,
    CrossAppointment,
    OrgLevel,
    PartnershipAgreement,
    PartnerUnit,
    PartyMember,
    PartyOrganisation,
)
from party.neworgs import demo as neworgs
from party.posts import demo as posts
from party.stars import demo as stars

MEMBERS = 5_000
PARTNERS = [
    "瓯北供电所",
    "永嘉县人民医院",
    "瓯北派出所",
    "农商银行瓯北支行",
    "永嘉中学",
    "瓯北自来水公司",
]


def generate(ctx: Any) -> None:
    rng = ctx.rng
    subdistricts: list[Area] = ctx.data.get("subdistricts") or [ctx.data["subdistrict"]]
    committees = {
        s.pk: PartyOrganisation.objects.create(
            code=f"{s.code}-01",
            name=f"{s.name}党工委",
            level=OrgLevel.WORKING_COMMITTEE,
            area=s,
        )
        for s in subdistricts
    }
    grids_by_community: dict[int, list[Area]] = {}
    for grid in ctx.data["grids"]:
        grids_by_community.setdefault(grid.parent_id, []).append(grid)
    branches: list[PartyOrganisation] = []
    groups: list[PartyOrganisation] = []
    for community in ctx.data["communities"]:
        big = PartyOrganisation.objects.create(
            code=f"{community.code}-01",
            name=f"{community.name}大党委",
            level=OrgLevel.EXTENDED_COMMITTEE,
            parent=committees[community.parent_id],
            area=community,
        )
        for grid in grids_by_community.get(community.pk, []):
            branch = PartyOrganisation.objects.create(
                code=f"{grid.code}-01",
                name=f"{grid.name}党支部",
                level=OrgLevel.BRANCH,
                kind=BranchKind.GRID,
                parent=big,
                area=grid,
            )
            branches.append(branch)
            for g in range(1, 3):
                groups.append(
                    PartyOrganisation.objects.create(
                        code=f"{grid.code}-{g + 1:02d}",
                        name=f"{grid.name}第{g}党小组",
                        level=OrgLevel.GROUP,
                        parent=branch,
                        area=grid,
                    )
                )
    n_members = max(int(MEMBERS * ctx.scale), 2 * len(branches))
    adults = list(
        Resident.objects.filter(birth_date__lte=dt.date(2004, 1, 1))
        .order_by("code")
        .values_list("pk", "name", "phone", "household__grid_id")[: n_members * 8 : 8]
    )
    branch_by_grid = {b.area_id: b for b in branches}
    members = []
    for i, (pk, name, phone, grid_id) in enumerate(adults[:n_members], start=1):
        branch = branch_by_grid.get(grid_id) or rng.choice(branches)
        in_service = rng.random() < 0.4
        members.append(
            PartyMember(
                code=f"M{i:06d}",
                name=name,
                organisation=branch,
                resident_id=pk,
                phone=phone,
                in_service=in_service,
                workplace=rng.choice(PARTNERS) if in_service else "",
                home_community_id=branch.area.parent_id if in_service else None,
                registered_on=dt.date(2025, rng.randint(1, 12), rng.randint(1, 28))
                if in_service
                else None,
                joined_on=dt.date(rng.randint(1970, 2020), rng.randint(1, 12), rng.randint(1, 28)),
            )
        )
    PartyMember.objects.bulk_create(members, batch_size=2000)
    Resident.objects.filter(pk__in=[m.resident_id for m in members]).update(tags=["party_member"])
    secretaries: dict[int, PartyMember] = {}
    for m in members:
        secretaries.setdefault(m.organisation_id, m)
    for branch in branches:
        if branch.pk in secretaries:
            branch.secretary = secretaries[branch.pk]
            branch.save(update_fields=["secretary"])
            if rng.random() < 0.3:
                CrossAppointment.objects.create(
                    member=secretaries[branch.pk],
                    body=CrossAppointment.Body.OWNERS_COMMITTEE,
                    body_name=f"{branch.area.name}业委会",
                    position="委员",
                )
    # The partner units are shared out among the subdistricts in turn, each partnering its
    # own working committee.
    for i, name in enumerate(PARTNERS, start=1):
        subdistrict = subdistricts[(i - 1) % len(subdistricts)]
        unit = PartnerUnit.objects.create(
            code=f"U{i:03d}", name=name, area=subdistrict, contact=rng.choice("王李张陈") + "主任"
        )
        PartnershipAgreement.objects.create(
            code=f"A{i:03d}",
            unit=unit,
            organisation=committees[subdistrict.pk],
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2027, 12, 31),
            commitments="结对共建：志愿服务、资源共享、微心愿认领",
        )
    # Each community's extended committee partners one of its subdistrict's units, in turn: the
    # unit its partner-unit volunteer team comes from (volunteering's demo reads the agreement).
    units: dict[int, list[PartnerUnit]] = {}
    for unit in PartnerUnit.objects.filter(area__in=subdistricts).order_by("code"):
        units.setdefault(unit.area_id, []).append(unit)
    by_area = {
        o.area_id: o for o in PartyOrganisation.objects.filter(level=OrgLevel.EXTENDED_COMMITTEE)
    }
    for i, community in enumerate(ctx.data["communities"]):
        big_committee = by_area.get(community.pk)
        own = units.get(community.parent_id, [])
        if big_committee is not None and own:
            PartnershipAgreement.objects.create(
                code=f"A{community.code}",
                unit=own[i % len(own)],
                organisation=big_committee,
                starts_on=dt.date(2026, 1, 1),
                ends_on=dt.date(2027, 12, 31),
                commitments="结对共建：组建志愿服务队，认领社区需求清单和微心愿",
            )
    ctx.data["party_members"] = members
    ctx.log(f"party: {len(branches)} branches, {len(groups)} groups, {len(members)} members")
    life.generate(ctx)
    stars.generate(ctx)
    commitments.generate(ctx)
    posts.generate(ctx)
    extended_committees(ctx)
    joint.generate(ctx)
    neworgs.generate(ctx)


def extended_committees(ctx: Any) -> None:
    """Each community's extended committee (大党委) gets its secretary and four committee
    members: residents of the community not yet party members, drawn from its own stream."""
    rng = random.Random(ctx.seed * 1000 + 1404)
    taken = set(
        PartyMember.objects.filter(resident__isnull=False).values_list("resident_id", flat=True)
    )
    made = 0
    for committee in (
        PartyOrganisation.objects.filter(level=OrgLevel.EXTENDED_COMMITTEE)
        .select_related("area")
        .order_by("code")
    ):
        candidates = [
            row
            for row in Resident.objects.filter(
                household__grid__parent=committee.area, birth_date__lte=dt.date(1990, 1, 1)
            )
            .order_by("code")
            .values_list("pk", "name", "phone")[:200]
            if row[0] not in taken
        ]
        chosen = rng.sample(candidates, min(5, len(candidates)))
        members = []
        for k, (pk, name, phone) in enumerate(chosen, start=1):
            taken.add(pk)
            members.append(
                PartyMember.objects.create(
                    code=f"{committee.code}-M{k}",
                    name=name,
                    organisation=committee,
                    resident_id=pk,
                    phone=phone,
                    joined_on=dt.date(
                        rng.randint(1975, 2010), rng.randint(1, 12), rng.randint(1, 28)
                    ),
                )
            )
        if members:
            committee.secretary = members[0]
            committee.save(update_fields=["secretary"])
            tagged = list(Resident.objects.filter(pk__in=[m.resident_id for m in members]))
            for r in tagged:  # keep their other tags (elderly, low-income …)
                r.tags = sorted({*(r.tags or []), "party_member"})
            Resident.objects.bulk_update(tagged, ["tags"])
            made += len(members)
    ctx.log(f"party: {made} extended-committee members")


def describe(ctx: Any) -> list[str]:
    return [
        "  joint meetings (联席会议) at county, subdistrict and community level: the subdistrict",
        "  staff (13800000002) run the town's, the department handler (13800000008) acts for",
        "  县住建局 in the county's and has a follow-up past its deadline;",
        "  两新 organisations, about 80 % covered, with benchmark reviews (对标检视).",
    ]
