"""Demo part of volunteering: per community a party-member team and a partner-unit team,
volunteers (every in-service party member registered at home, plus residents), a talent pool,
a service menu, needs and resources with matched projects, orders in every state and
micro-wishes. The demo volunteer and the demo resident each find something to do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from areas.models import Area, Resident
from party.models import PartnerUnit, PartyMember, PartyOrganisation
from volunteering.actions.common import award
from volunteering.models import (
    BeneficiaryKind,
    ListCategory,
    MicroWish,
    Need,
    NeedStatus,
    Order,
    OrderEvent,
    OrderStatus,
    Privacy,
    Project,
    ProjectEvent,
    ProjectStatus,
    Resource,
    ResourceStatus,
    ServiceItem,
    Talent,
    TalentKind,
    Team,
    TeamKind,
    TeamMembership,
    Volunteer,
    WishEvent,
    WishStatus,
)

MENU = [
    ("上门理发", ListCategory.ELDERLY, "1.0"),
    ("助餐送餐", ListCategory.ELDERLY, "0.5"),
    ("陪同就医", ListCategory.HEALTH, "2.0"),
    ("量血压、健康咨询", ListCategory.HEALTH, "1.0"),
    ("家电小修", ListCategory.REPAIR, "1.0"),
    ("水管疏通", ListCategory.REPAIR, "1.0"),
    ("法律咨询", ListCategory.LEGAL, "1.0"),
    ("课业辅导", ListCategory.CHILDREN, "2.0"),
    ("代买代办", ListCategory.OTHER, "1.0"),
]
TALENTS = [
    (TalentKind.DOCTOR, "社区医生", "量血压\n慢病随访\n健康讲座"),
    (TalentKind.LAWYER, "执业律师", "法律咨询\n合同审查\n调解协助"),
    (TalentKind.POLICE, "社区民警", "防诈骗宣传\n安全检查"),
    (TalentKind.REPAIRER, "水电师傅", "水管疏通\n电路检修\n家电小修"),
    (TalentKind.TEACHER, "退休教师", "课业辅导\n书法兴趣班"),
]
NEEDS = [
    ("独居老人午餐", ListCategory.ELDERLY, 25),
    ("楼道照明维修", ListCategory.REPAIR, 40),
    ("放学后托管", ListCategory.CHILDREN, 18),
    ("老旧小区加装扶手", ListCategory.ELDERLY, 12),
    ("反诈宣传进楼栋", ListCategory.SAFETY, 120),
]
RESOURCES = [
    ("职工食堂助餐", ListCategory.ELDERLY),
    ("电工志愿服务", ListCategory.REPAIR),
    ("青年志愿者课后辅导", ListCategory.CHILDREN),
    ("反诈宣讲队", ListCategory.SAFETY),
]
WISHES = [
    ("一个新书包", BeneficiaryKind.CHILD, Privacy.MASKED, "80"),
    ("冬天的一床棉被", BeneficiaryKind.ELDERLY, Privacy.ANONYMOUS, "150"),
    ("一套课外读物", BeneficiaryKind.CHILD, Privacy.MASKED, "60"),
    ("一台收音机", BeneficiaryKind.ELDERLY, Privacy.NAMED, "100"),
    ("助听器电池", BeneficiaryKind.DISABLED, Privacy.MASKED, "50"),
    ("一次理发上门", BeneficiaryKind.DIFFICULTY, Privacy.ANONYMOUS, "30"),
]
FREE_TEXT = ["帮忙换个灯泡", "陪老人聊聊天", "家里窗户关不上", "帮忙搬一下家具", "教我用手机挂号"]


def _in(community: Area) -> dict[str, str]:
    """Residents of a community by their code range (an index range scan; resident codes
    start with the community code and "C" for compound)."""
    return {"code__gte": community.code + "C", "code__lt": community.code + "D"}


def generate(ctx: Any) -> None:
    rng = ctx.rng
    now = timezone.now()
    communities: list[Area] = ctx.data["communities"]
    users: dict[str, User] = ctx.data.get("users", {})
    staff_user = users.get(Role.COMMUNITY_STAFF)
    demo_volunteer_user = users.get(Role.VOLUNTEER)
    demo_resident_user = users.get(Role.RESIDENT)
    first = communities[0]
    units = list(PartnerUnit.objects.order_by("pk"))
    big_committees = {
        o.area_id: o for o in PartyOrganisation.objects.filter(level="extended_committee")
    }

    # Volunteers: every in-service member registered at home, and a few residents each.
    members = list(
        PartyMember.objects.filter(in_service=True, home_community__isnull=False)
        .select_related("resident")
        .order_by("pk")
    )
    volunteers = [
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
                **_in(community), birth_date__lte=dt.date(2004, 1, 1), party_member__isnull=True
            )
            .order_by("code")
            .values_list("pk", "name", "phone")[: residents_per * 7 : 7]
        )
        for pk, name, phone in picked:
            volunteers.append(
                Volunteer(
                    community=community,
                    resident_id=pk,
                    name=name,
                    phone=phone,
                    skills=rng.sample(["助老", "保洁", "陪聊", "代买", "巡逻"], 2),
                )
            )
    # The demo volunteer: a party member of the first community (so they can claim wishes).
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
        volunteers.append(
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
    Volunteer.objects.bulk_create(volunteers, batch_size=2000)
    demo_vol = next((v for v in volunteers if v.user_id and v.user == demo_volunteer_user), None)
    by_community: dict[int, list[Volunteer]] = {}
    for vol in volunteers:
        by_community.setdefault(vol.community_id, []).append(vol)

    # Resident accounts who request services (the demo resident is one of them).
    password = make_password(ctx.data.get("password", "linli-demo"))
    requesters: dict[int, list[User]] = {}
    new_users: list[User] = []
    roles: list[RoleAssignment] = []
    seq = 0
    for community in communities:
        heads = list(
            Resident.objects.filter(**_in(community), is_head=True, user__isnull=True)
            .select_related("household__grid", "household__building")
            .order_by("code")[3:40:12]
        )
        for r in heads:
            seq += 1
            u = User(phone=f"1366{seq:07d}", name=r.name, password=password, resident=r)
            new_users.append(u)
            roles.append(RoleAssignment(user=u, role=Role.RESIDENT, area=r.household.grid))
            requesters.setdefault(community.pk, []).append(u)
    User.objects.bulk_create(new_users, batch_size=1000)
    RoleAssignment.objects.bulk_create(roles, batch_size=1000)
    if demo_resident_user is not None:
        requesters.setdefault(first.pk, []).insert(0, demo_resident_user)

    teams: list[Team] = []
    for i, community in enumerate(communities):
        teams.append(
            Team(
                community=community,
                name=f"{community.name}党员先锋队",
                kind=TeamKind.PARTY_MEMBER,
                organisation=big_committees.get(community.pk),
                description="在职党员和社区党员组成，响应居民点单。",
            )
        )
        if units:
            unit = units[i % len(units)]
            teams.append(
                Team(
                    community=community,
                    name=f"{unit.name}志愿服务队",
                    kind=TeamKind.PARTNER_UNIT,
                    partner_unit=unit,
                    description="共建单位结对服务。",
                )
            )
    Team.objects.bulk_create(teams)
    memberships: list[TeamMembership] = []
    talents: list[Talent] = []
    teams_of: dict[int, list[Team]] = {}
    for t in teams:
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
        party_team = teams_of[first.pk][0]
        if not any(m.volunteer is demo_vol for m in memberships):
            memberships.append(TeamMembership(team=party_team, volunteer=demo_vol))
    TeamMembership.objects.bulk_create(memberships, batch_size=2000)
    Talent.objects.bulk_create(talents, batch_size=1000)

    items = [
        ServiceItem(
            community=c,
            title=title,
            category=cat,
            estimated_hours=Decimal(hours),
            team=teams_of[c.pk][0],
            description=f"{c.name}志愿者提供的{title}服务。",
        )
        for c in communities
        for title, cat, hours in MENU
    ]
    ServiceItem.objects.bulk_create(items, batch_size=1000)
    items_of: dict[int, list[ServiceItem]] = {}
    for it in items:
        items_of.setdefault(it.community_id, []).append(it)

    _lists(ctx, communities, teams_of, units, staff_user, now)
    orders, events = _orders(
        ctx, communities, items_of, requesters, by_community, demo_vol, staff_user, now
    )
    _wishes(ctx, communities, staff_user, now)
    from volunteering.demo_events import generate_events

    n_events = generate_events(communities, requesters, staff_user, now)
    # Points for the confirmed services of volunteers with accounts, under the points rules.
    for o in orders:
        if o.status == OrderStatus.CONFIRMED and o.taker is not None and o.taker.user_id:
            award(
                o.taker.user,
                "volunteer_order",
                o.hours or 1,
                "volunteering.order",
                str(o.pk),
                None,
                subject=o.title,
            )
    # Keep the daily stalled-wish flag running under `db_worker` (no-op without deferring).
    from volunteering.tasks import schedule_flagging

    schedule_flagging()
    ctx.log(
        f"volunteering: {len(volunteers)} volunteers, {len(teams)} teams, {len(items)} menu items, "
        f"{len(orders)} orders ({len(events)} steps), {n_events} community events"
    )


def _lists(
    ctx: Any,
    communities: list[Area],
    teams_of: dict[int, list[Team]],
    units: list[PartnerUnit],
    staff: User | None,
    now: dt.datetime,
) -> None:
    rng = ctx.rng
    needs: list[Need] = []
    resources: list[Resource] = []
    for c in communities:
        for title, cat, hh in rng.sample(NEEDS, 4):
            needs.append(
                Need(community=c, title=title, category=cat, households=hh, created_by=staff)
            )
        for j, (title, cat) in enumerate(rng.sample(RESOURCES, 3)):
            team = teams_of[c.pk][-1]
            resources.append(
                Resource(
                    community=c,
                    title=title,
                    category=cat,
                    partner_unit=units[j % len(units)] if units else None,
                    team=None if units else team,
                    created_by=staff,
                )
            )
    Need.objects.bulk_create(needs, batch_size=1000)
    Resource.objects.bulk_create(resources, batch_size=1000)
    projects: list[Project] = []
    for c in communities:
        cn = [n for n in needs if n.community_id == c.pk]
        cr = [r for r in resources if r.community_id == c.pk]
        for k, (n, r) in enumerate(zip(cn[:2], cr[:2], strict=False)):
            status = ProjectStatus.COMPLETED if k == 0 else ProjectStatus.IN_PROGRESS
            n.status = NeedStatus.MET if k == 0 else NeedStatus.MATCHED
            r.status = ResourceStatus.AVAILABLE if k == 0 else ResourceStatus.MATCHED
            projects.append(
                Project(
                    community=c,
                    need=n,
                    resource=r,
                    title=f"{n.title} × {r.title}",
                    status=status,
                    due=(now + dt.timedelta(days=30)).date(),
                    completed_at=now - dt.timedelta(days=3) if k == 0 else None,
                )
            )
    Need.objects.bulk_update(needs, ["status"], batch_size=1000)
    Resource.objects.bulk_update(resources, ["status"], batch_size=1000)
    Project.objects.bulk_create(projects, batch_size=1000)
    pevents = []
    for p in projects:
        pevents.append(ProjectEvent(project=p, event="match", to_status="matched", actor=staff))
        pevents.append(
            ProjectEvent(
                project=p,
                event="start",
                from_status="matched",
                to_status="in_progress",
                actor=staff,
            )
        )
        if p.status == ProjectStatus.COMPLETED:
            pevents.append(
                ProjectEvent(
                    project=p,
                    event="complete",
                    from_status="in_progress",
                    to_status="completed",
                    actor=staff,
                    note="已完成，居民满意。",
                )
            )
    ProjectEvent.objects.bulk_create(pevents, batch_size=2000)


# The path each demo order takes: the events up to its status.
PATHS = {
    OrderStatus.REQUESTED: ["request"],
    OrderStatus.PUBLISHED: ["request", "publish"],
    OrderStatus.TAKEN: ["request", "publish", "take"],
    OrderStatus.IN_PROGRESS: ["request", "publish", "take", "check_in"],
    OrderStatus.FINISHED: ["request", "publish", "take", "check_in", "check_out"],
    OrderStatus.CONFIRMED: ["request", "publish", "take", "check_in", "check_out", "confirm"],
    OrderStatus.REJECTED: ["request", "reject"],
    OrderStatus.CANCELLED: ["request", "publish", "cancel"],
}
TO = {
    "request": "requested",
    "publish": "published",
    "take": "taken",
    "check_in": "in_progress",
    "check_out": "finished",
    "confirm": "confirmed",
    "reject": "rejected",
    "cancel": "cancelled",
}


def _orders(
    ctx: Any,
    communities: list[Area],
    items_of: dict[int, list[ServiceItem]],
    requesters: dict[int, list[User]],
    by_community: dict[int, list[Volunteer]],
    demo_vol: Volunteer | None,
    staff: User | None,
    now: dt.datetime,
) -> tuple[list[Order], list[OrderEvent]]:
    rng = ctx.rng
    plan = [OrderStatus.CONFIRMED] * 5 + [
        OrderStatus.REQUESTED,
        OrderStatus.PUBLISHED,
        OrderStatus.PUBLISHED,
        OrderStatus.TAKEN,
        OrderStatus.FINISHED,
        OrderStatus.REJECTED,
        OrderStatus.CANCELLED,
    ]
    first = communities[0]
    orders: list[Order] = []
    for c in communities:
        people = requesters.get(c.pk) or []
        pool = [v for v in by_community.get(c.pk, []) if v is not demo_vol]
        if not people or not pool:
            continue
        statuses = list(plan)
        if c.pk == first.pk and demo_vol is not None:
            # The demo volunteer: one to take, one on site, one the resident must confirm.
            statuses += [OrderStatus.PUBLISHED, OrderStatus.IN_PROGRESS, OrderStatus.FINISHED]
        for k, status in enumerate(statuses):
            requester = people[k % len(people)]
            if c.pk == first.pk and status in (OrderStatus.FINISHED, OrderStatus.REQUESTED):
                requester = people[0]
            resident = requester.resident
            building = resident.household.building if resident else None
            item = rng.choice(items_of[c.pk]) if rng.random() < 0.75 else None
            created = now - dt.timedelta(days=rng.randint(1, 40), hours=rng.randint(0, 10))
            if status in (OrderStatus.PUBLISHED, OrderStatus.REQUESTED, OrderStatus.TAKEN):
                created = now - dt.timedelta(hours=rng.randint(2, 30))
            taker = None
            if status in (
                OrderStatus.TAKEN,
                OrderStatus.IN_PROGRESS,
                OrderStatus.FINISHED,
                OrderStatus.CONFIRMED,
            ):
                taker = rng.choice(pool)
                if c.pk == first.pk and demo_vol is not None and (k == 0 or k >= len(plan) - 3):
                    taker = demo_vol  # with one confirmed service: my hours are not empty
            o = Order(
                community=c,
                requester=requester,
                service=item,
                title=item.title if item else rng.choice(FREE_TEXT),
                description="老人行动不便，请提前电话联系。" if rng.random() < 0.4 else "",
                address=resident.household.address if resident else "",
                lon=building.lon if building else None,
                lat=building.lat if building else None,
                status=status,
                taker=taker,
            )
            o._demo_created = created  # type: ignore[attr-defined]
            if status not in (OrderStatus.REQUESTED, OrderStatus.REJECTED):
                o.published_at = created + dt.timedelta(hours=1)
            if taker is not None:
                o.taken_at = created + dt.timedelta(hours=2)
            if status in (OrderStatus.IN_PROGRESS, OrderStatus.FINISHED, OrderStatus.CONFIRMED):
                checked_in = created + dt.timedelta(hours=20)
                if status == OrderStatus.IN_PROGRESS:
                    checked_in = now - dt.timedelta(minutes=40)
                o.checked_in_at = checked_in
                o.check_in_lon, o.check_in_lat = o.lon, o.lat
                if status in (OrderStatus.FINISHED, OrderStatus.CONFIRMED):
                    hours = Decimal(rng.choice(["0.5", "1.0", "1.5", "2.0"]))
                    o.hours = hours
                    checked_out = checked_in + dt.timedelta(hours=float(hours))
                    o.checked_out_at = checked_out
                    o.check_out_lon, o.check_out_lat = o.lon, o.lat
                    if status == OrderStatus.CONFIRMED:
                        o.confirmed_at = checked_out + dt.timedelta(hours=3)
                        o.rating = rng.choice([5, 5, 5, 4, 4, 3])
                        o.comment = rng.choice(["很及时，谢谢！", "服务周到", "", "辛苦了"])
            orders.append(o)
    Order.objects.bulk_create(orders, batch_size=1000)
    # `created` is auto_now_add: set the demo's spread of request times afterwards.
    for o in orders:
        o.created = o._demo_created  # type: ignore[attr-defined]
    Order.objects.bulk_update(orders, ["created"], batch_size=1000)
    events: list[OrderEvent] = []
    for o in orders:
        before = ""
        for ev in PATHS[OrderStatus(o.status)]:
            actor: User | None = staff
            if ev in ("request", "confirm", "cancel"):
                actor = o.requester
            elif ev in ("take", "check_in", "check_out") and o.taker is not None:
                actor = o.taker.user
            events.append(
                OrderEvent(
                    order=o,
                    event=ev,
                    from_status=before,
                    to_status=TO[ev],
                    actor=actor,
                    volunteer=o.taker
                    if ev in ("take", "check_in", "check_out", "confirm")
                    else None,
                    note="不属于志愿服务范围"
                    if ev == "reject"
                    else ("不需要了" if ev == "cancel" else ""),
                    lon=o.lon if ev in ("check_in", "check_out") else None,
                    lat=o.lat if ev in ("check_in", "check_out") else None,
                )
            )
            before = TO[ev]
    OrderEvent.objects.bulk_create(events, batch_size=5000)
    # `at` is auto_now_add too: date each step when the order says it happened.
    for e in events:
        e.at = _event_time(e.order, e.event)
    OrderEvent.objects.bulk_update(events, ["at"], batch_size=5000)
    return orders, events


def _event_time(o: Order, event: str) -> dt.datetime:
    created = o._demo_created  # type: ignore[attr-defined]
    at = {
        "request": created,
        "publish": o.published_at,
        "take": o.taken_at,
        "check_in": o.checked_in_at,
        "check_out": o.checked_out_at,
        "confirm": o.confirmed_at,
    }.get(event)
    return at or created + dt.timedelta(hours=1)


def _wishes(
    ctx: Any,
    communities: list[Area],
    staff: User | None,
    now: dt.datetime,
) -> None:
    if staff is None:
        return
    rng = ctx.rng
    wishes: list[MicroWish] = []
    statuses = [
        WishStatus.OPEN,
        WishStatus.OPEN,
        WishStatus.OPEN,
        WishStatus.CLAIMED,
        WishStatus.FULFILLED,
        WishStatus.CONFIRMED,
    ]
    claimer_members = list(
        PartyMember.objects.filter(user__isnull=False).select_related("user")[:5]
    )
    units = list(PartnerUnit.objects.order_by("pk")[:6])
    for c in communities:
        kids = list(
            Resident.objects.filter(**_in(c)).order_by("code").values_list("pk", "name")[5:200:33]
        )
        for k, ((title, kind, privacy, value), status) in enumerate(
            zip(WISHES, statuses, strict=False)
        ):
            pk, name = kids[k % len(kids)] if kids else (None, "居民")
            w = MicroWish(
                community=c,
                beneficiary_id=pk,
                beneficiary_name=name,
                beneficiary_kind=kind,
                privacy=privacy,
                title=title,
                description="家庭困难，希望得到邻里帮助。",
                value=Decimal(value),
                status=status,
                posted_by=staff,
            )
            if status != WishStatus.OPEN:
                w.claimed_at = now - dt.timedelta(days=rng.randint(2, 20))
                if claimer_members and rng.random() < 0.5:
                    m = rng.choice(claimer_members)
                    w.claimed_by, w.claimer_member = m.user, m
                elif units:
                    w.claimed_by, w.claimer_unit = staff, rng.choice(units)
                else:
                    w.status, w.claimed_at = WishStatus.OPEN, None
            if w.status in (WishStatus.FULFILLED, WishStatus.CONFIRMED):
                w.fulfilled_at = (w.claimed_at or now) + dt.timedelta(days=1)
                w.fulfilled_note = "已送到家中"
            if w.status == WishStatus.CONFIRMED:
                w.confirmed_at = (w.fulfilled_at or now) + dt.timedelta(days=1)
            wishes.append(w)
    MicroWish.objects.bulk_create(wishes, batch_size=1000)
    # Some open wishes have waited long: the staff page flags them.
    old = [w for w in wishes if w.status == WishStatus.OPEN][::3]
    for w in wishes:
        w.created = now - dt.timedelta(days=rng.randint(1, 6))
    for w in old:
        w.created = now - dt.timedelta(days=rng.randint(10, 30))
    MicroWish.objects.bulk_update(wishes, ["created"], batch_size=1000)
    events: list[WishEvent] = []
    path = {
        WishStatus.OPEN: ["post"],
        WishStatus.CLAIMED: ["post", "claim"],
        WishStatus.FULFILLED: ["post", "claim", "fulfil"],
        WishStatus.CONFIRMED: ["post", "claim", "fulfil", "confirm"],
    }
    to = {"post": "open", "claim": "claimed", "fulfil": "fulfilled", "confirm": "confirmed"}
    for w in wishes:
        before = ""
        for ev in path[WishStatus(w.status)]:
            actor = w.claimed_by if ev in ("claim", "fulfil") else staff
            events.append(
                WishEvent(wish=w, event=ev, from_status=before, to_status=to[ev], actor=actor)
            )
            before = to[ev]
    WishEvent.objects.bulk_create(events, batch_size=2000)


def describe(ctx: Any) -> list[str]:
    return [
        "",
        "volunteering: the volunteer (13800000010) has an order to take, one on site and one",
        "  awaiting the resident (13800000011), who confirms and rates it in 我的订单;",
        "  community staff (13800000003) review, publish and match in 志愿服务;",
        "  community events (社区活动) with attendance credit points by each kind's rule.",
    ]
