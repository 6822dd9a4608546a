"""One rule per scoped model for what a user may see: the queryset rule of each app's
permissions.py (`obj in visible(user)`) and its per-object check (`can_view(user, obj)`)
agree, for random users holding random roles on random areas, with or without a part in
the objects (reporter, handler, supporter, requester, claimer, redeemer, resident)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from activities import permissions as activities_perms
from activities.models import Booking, Room, Venue
from areas import permissions as areas_perms
from areas.models import Household, Resident
from cases import permissions as cases_perms
from cases.models import Case, Category, Supporter
from core.models import AuditEntry
from dashboard import permissions as dashboard_perms
from dashboard.bulletins.models import Bulletin
from fieldwork import permissions as fieldwork_perms
from fieldwork.models import (
    Campaign,
    CampaignHousehold,
    KeySpot,
    Pairing,
    PairingKind,
    Patrol,
    Visit,
    VisitVisitor,
)
from party import permissions as party_perms
from party.models import (
    Assessment,
    BenchmarkReview,
    Commitment,
    JointBody,
    JointMember,
    Meeting,
    MeetingKind,
    NewOrganisation,
    OrgLevel,
    PartnerUnit,
    PartyMember,
    PartyOrganisation,
    ServicePost,
)
from points import permissions as points_perms
from points.models import Item, Redemption, Store
from tests.factories import PASSWORD
from volunteering import permissions as vol_perms
from volunteering.models import (
    Claim,
    CommunityEvent,
    ConsultMeeting,
    LectureSchedule,
    MicroWish,
    Need,
    Order,
    OrderStatus,
    Topic,
    TopicFollowUp,
    Volunteer,
)

pytestmark = pytest.mark.django_db

AREAS = ("district", "subdistrict", "east", "west", "east_grid", "west_grid")
PARTS = (
    "reporter",
    "handler",
    "supporter",
    "requester",
    "claimer",
    "redeemer",
    "resident",
    "claimant",
    "posted",
    "visitor",
    "paired",
    "asker",
    "keeper",
    "unit contact",
    "walker",
    "screener",
    "committer",
    "follow-up owner",
)
NOW = dt.datetime(2026, 12, 2, 2, 0, tzinfo=dt.UTC)


@dataclass
class Rule:
    visible: Callable[[Any], Any]
    can_view: Callable[[Any, Any], bool]
    model: type[Any]


RULES = {
    "case": Rule(cases_perms.visible, cases_perms.can_view, Case),
    "bulletin": Rule(
        dashboard_perms.bulletins_visible_to, dashboard_perms.can_view_bulletin, Bulletin
    ),
    "household": Rule(areas_perms.households_visible_to, areas_perms.can_view_household, Household),
    "resident": Rule(areas_perms.residents_visible_to, areas_perms.can_view_resident, Resident),
    "party member": Rule(party_perms.members_visible_to, party_perms.can_view_member, PartyMember),
    "meeting": Rule(party_perms.meetings_visible_to, party_perms.can_view_meeting, Meeting),
    "star assessment": Rule(
        party_perms.assessments_visible_to, party_perms.can_view_assessment, Assessment
    ),
    "service post": Rule(party_perms.posts_visible_to, party_perms.can_view_post, ServicePost),
    "commitment": Rule(
        party_perms.commitments_visible_to, party_perms.can_view_commitment, Commitment
    ),
    "claim": Rule(vol_perms.claims_visible_to, vol_perms.can_view_claim, Claim),
    "joint meeting body": Rule(
        party_perms.joint_bodies_visible_to, party_perms.can_view_joint_body, JointBody
    ),
    "new organisation": Rule(
        party_perms.new_organisations_visible_to,
        party_perms.can_view_new_organisation,
        NewOrganisation,
    ),
    "benchmark review": Rule(
        party_perms.reviews_visible_to, party_perms.can_view_review, BenchmarkReview
    ),
    "order": Rule(vol_perms.orders_visible_to, vol_perms.can_view_order, Order),
    "wish": Rule(vol_perms.wishes_visible_to, vol_perms.can_view_wish, MicroWish),
    "event": Rule(vol_perms.events_visible_to, vol_perms.can_view_event, CommunityEvent),
    "consultation topic": Rule(vol_perms.topics_visible_to, vol_perms.can_view_topic, Topic),
    "consultation meeting": Rule(
        vol_perms.consult_meetings_visible_to, vol_perms.can_view_consult_meeting, ConsultMeeting
    ),
    "lecture schedule": Rule(
        vol_perms.lectures_visible_to, vol_perms.can_view_lectures, LectureSchedule
    ),
    "redemption": Rule(
        points_perms.redemptions_visible_to, points_perms.can_view_redemption, Redemption
    ),
    "audit entry": Rule(areas_perms.audit_visible_to, areas_perms.can_view_audit_entry, AuditEntry),
    "visit": Rule(fieldwork_perms.visits_visible_to, fieldwork_perms.can_view_visit, Visit),
    "pairing": Rule(fieldwork_perms.pairings_visible_to, fieldwork_perms.can_view_pairing, Pairing),
    "booking": Rule(
        activities_perms.bookings_visible_to, activities_perms.can_view_booking, Booking
    ),
    "patrol": Rule(fieldwork_perms.patrols_visible_to, fieldwork_perms.can_view_patrol, Patrol),
    "key spot": Rule(
        fieldwork_perms.key_spots_visible_to, fieldwork_perms.can_view_key_spot, KeySpot
    ),
    "campaign": Rule(
        fieldwork_perms.campaigns_visible_to, fieldwork_perms.can_view_campaign, Campaign
    ),
    "campaign household": Rule(
        fieldwork_perms.campaign_households_visible_to,
        fieldwork_perms.can_view_campaign_household,
        CampaignHousehold,
    ),
}


def _visit(household: Any, recorder: Any, visitor: Any) -> Visit:
    visit = Visit.objects.create(
        household=household, visited_on=dt.date(2026, 3, 1), kind="routine", recorded_by=recorder
    )
    VisitVisitor.objects.create(visit=visit, user=visitor)
    return visit


def _area(world: Any, name: str) -> Any:
    return getattr(world, "subdistrict" if name == "subdistrict" else name)


def _case(world: Any, grid: Any, category: Category, **kw: Any) -> Case:
    return Case.objects.create(
        channel="app",
        category=category,
        description="楼道堆物",
        lon=120.63,
        lat=28.005,
        area=grid,
        area_code=grid.code,
        reported_at=NOW,
        **kw,
    )


@pytest.fixture
def scene(world: Any) -> dict[str, Any]:
    """One object of each scoped model on each side of the district, built once per test."""
    staff, admin = world.users["community_staff"], world.users["admin"]
    category = Category.objects.create(code="T01", name="测试")
    # A household without a grid belongs to its building's community.
    loose = Household.objects.create(
        code="WC1B1H9", building=world.west_building, grid=None, floor=3, room="301"
    )
    Resident.objects.create(code="WC1B1H9P1", household=loose, name="西居民9", gender="M")
    for tag, community, grid in (
        ("E", world.east, world.east_grid),
        ("W", world.west, world.west_grid),
    ):
        case = _case(world, grid, category, reporter=world.users["resident"])
        Supporter.objects.create(case=case, user=world.users["grid_worker"])
        org = PartyOrganisation.objects.create(name=f"{tag}支部", level=OrgLevel.BRANCH, area=grid)
        member = PartyMember.objects.create(name=f"{tag}党员", organisation=org)
        for until in (None, dt.date(2026, 2, 1)):  # one held, one ended
            ServicePost.objects.create(
                member=member,
                organisation=org,
                kind="sentinel",
                duty="巡查",
                grid=grid,
                since=dt.date(2026, 1, 1),
                until=until,
            )
        # An organisation's commitment serving its grid, a member's serving the community.
        Commitment.objects.create(
            organisation=org, text="楼道亮灯", area=grid, year=2026, deadline=dt.date(2026, 12, 31)
        )
        Commitment.objects.create(
            organisation=org,
            member=member,
            text="每月走访独居老人",
            area=community,
            year=2026,
            deadline=dt.date(2026, 12, 31),
        )
        unit = PartnerUnit.objects.create(name=f"{tag}共建单位", area=community)
        need = Need.objects.create(
            community=community, title="楼道灯", category="repair", status="claimed"
        )
        Claim.objects.create(community=community, need=need, partner_unit=unit, plan="修")
        LectureSchedule.objects.create(
            organisation=org, title="睦邻党课", days=[5, 20], start_time=dt.time(19), minutes=90
        )
        Meeting.objects.create(
            organisation=org,
            kind=MeetingKind.THEME_DAY,
            held_on=dt.date(2026, 3, 1),
            counts_for=dt.date(2026, 3, 1),
            place="驿站",
            agenda="学习",
        )
        for year, status in ((2025, "published"), (2026, "submitted")):
            Assessment.objects.create(
                organisation=org, year=year, status=status, stars=3 if year == 2025 else None
            )
        body = JointBody.objects.create(name=f"{tag}联席会议", area=community)
        JointMember.objects.create(body=body, name="供电所")
        neworg = NewOrganisation.objects.create(
            name=f"{tag}阀门厂", kind="enterprise", employees=50, area=grid
        )
        BenchmarkReview.objects.create(organisation=neworg, held_on=dt.date(2026, 3, 1))
        Order.objects.create(community=community, requester=staff, title="理发")
        Order.objects.create(
            community=community, requester=staff, title="修水管", status=OrderStatus.PUBLISHED
        )
        MicroWish.objects.create(
            community=community,
            beneficiary_name="王奶奶",
            beneficiary_kind="elderly",
            title="一副老花镜",
            posted_by=staff,
        )
        CommunityEvent.objects.create(
            community=community,
            kind="activity",
            title="议事会",
            starts_at=NOW,
            ends_at=NOW + dt.timedelta(hours=2),
            hours=2,
            organiser=staff,
        )
        household = grid.households.order_by("pk").first()
        _visit(household, staff, world.users["grid_worker"])
        Pairing.objects.create(
            kind=PairingKind.HOUSEHOLD_LINK,
            person=world.users["grid_worker"],
            household=household,
            area_code=grid.code,
            started_on=dt.date(2026, 1, 1),
        )
        venue = Venue.objects.create(
            code=f"V{tag}",
            name=f"{tag}党群服务中心",
            kind="service_centre",
            area=community,
            lon=120.6,
            lat=28.0,
            opening_hours=[["08:00", "21:00"]] * 7,
            organisation=org,
        )
        room = Room.objects.create(code=f"V{tag}R1", venue=venue, name="多功能厅", capacity=30)
        Booking.objects.create(
            room=room,
            starts_at=NOW,
            ends_at=NOW + dt.timedelta(hours=2),
            purpose="议事会",
            head_count=10,
            asker=staff,
        )
        consult = ConsultMeeting.objects.create(
            community=community, title="议事会", held_on=NOW.date()
        )
        Topic.objects.create(
            community=community, title="加装电梯", source="office", meeting=consult
        )
        store = Store.objects.create(community=community, name=f"{tag}爱心超市")
        item = Item.objects.create(store=store, kind="goods", name="肥皂", price=10)
        Redemption.objects.create(
            user=world.users["resident"], item=item, store=store, points=10, pickup_code=f"{tag}1"
        )
    worker = world.users["grid_worker"]
    for grid in (world.east_grid, world.west_grid):
        Patrol.objects.create(walker=worker, grid=grid, started_at=NOW, status="ended")
        KeySpot.objects.create(code=f"KS{grid.code}", name="配电房", grid=grid, lon=120.6, lat=28.0)
    for area in (world.subdistrict, world.east, world.west_grid):
        campaign = Campaign.objects.create(
            name="排查", area=area, starts_on=NOW.date(), ends_on=NOW.date()
        )
        for h in [*world.east_households, *world.west_households]:
            if h.grid.code.startswith(area.code):
                CampaignHousehold.objects.create(
                    campaign=campaign, household=h, grid=h.grid, worker=worker
                )
    for area in (world.subdistrict, world.east, world.west):
        for status, month in (("draft", 2), ("published", 1), ("superseded", 1)):
            Bulletin.objects.create(
                area=area,
                month=dt.date(2026, month, 1),
                version=3 if status == "superseded" else 1,
                status=status,
                title="通报",
                body="",
                generated_at=NOW,
            )
    for name in AREAS:
        AuditEntry.objects.create(action="test", area_code=_area(world, name).code, actor=admin)
    AuditEntry.objects.create(action="test", area_code="", actor=admin)
    return {"world": world, "category": category}


def _user(scene: dict[str, Any], n: int, roles: list[tuple[str, str]], parts: set[str]) -> User:
    """A fresh user with the roles and the parts drawn; what they take part in is theirs."""
    world = scene["world"]
    user = User.objects.create_user(phone=f"1360000{n:04d}", password=PASSWORD, name=f"u{n}")
    for role, area in roles:
        RoleAssignment.objects.get_or_create(user=user, role=role, area=_area(world, area))
    grid = world.west_grid
    if "reporter" in parts:
        _case(world, grid, scene["category"], reporter=user)
    if "handler" in parts:
        _case(world, grid, scene["category"], handler=user)
    if "supporter" in parts:
        Supporter.objects.create(case=Case.objects.filter(area=grid).earliest("pk"), user=user)
    if "requester" in parts:
        Order.objects.create(community=world.west, requester=user, title="送餐")
    if "claimer" in parts:
        MicroWish.objects.create(
            community=world.west,
            beneficiary_name="李爷爷",
            beneficiary_kind="elderly",
            title="一台收音机",
            posted_by=world.users["community_staff"],
            claimed_by=user,
            claimed_at=NOW,
            status="claimed",
        )
    if "claimant" in parts:
        need = Need.objects.create(community=world.west, title="助餐", category="elderly")
        Claim.objects.create(
            community=world.west,
            need=need,
            partner_unit=PartnerUnit.objects.get(area=world.west),
            plan="送餐",
            claimed_by=user,
        )
    if "posted" in parts:
        member = PartyMember.objects.create(
            name=user.name, organisation=PartyOrganisation.objects.get(area=grid), user=user
        )
        ServicePost.objects.create(
            member=member,
            organisation=member.organisation,
            kind="model",
            duty="调解",
            grid=grid,
            since=dt.date(2025, 1, 1),
            until=dt.date(2025, 6, 1),
        )
    if "committer" in parts:  # a member of the west's branch committing to a west grid
        member = PartyMember.objects.filter(user=user).first() or PartyMember.objects.create(
            name=user.name, organisation=PartyOrganisation.objects.get(area=grid), user=user
        )
        Commitment.objects.create(
            organisation=member.organisation,
            member=member,
            text="义务理发",
            area=grid,
            year=2026,
            deadline=dt.date(2026, 6, 30),
        )
    if "redeemer" in parts:
        store = Store.objects.get(community=world.west)
        Redemption.objects.create(
            user=user, item=store.items.get(), store=store, points=10, pickup_code=f"R{n}"
        )
    if "resident" in parts:
        user.resident = world.west_households[0].residents.first()
        user.save(update_fields=["resident"])
    if "visitor" in parts:
        _visit(world.west_households[0], world.users["outsider"], user)
        _visit(world.west_households[1], user, world.users["outsider"])
    if "paired" in parts:
        Pairing.objects.create(
            kind=PairingKind.GRID_LIAISON,
            person=user,
            grid=grid,
            area_code=grid.code,
            started_on=dt.date(2026, 1, 1),
        )
    if "asker" in parts:
        Booking.objects.create(
            room=Room.objects.get(code="VWR1"),
            starts_at=NOW,
            ends_at=NOW + dt.timedelta(hours=1),
            purpose="读书会",
            head_count=5,
            asker=user,
        )
    if "keeper" in parts:
        Venue.objects.get(code="VW").keepers.add(user)
    if "unit contact" in parts:
        JointMember.objects.filter(body__area=world.west).update(contact=user)
    if "walker" in parts:
        Patrol.objects.create(walker=user, grid=world.west_grid, started_at=NOW)
    if "screener" in parts:
        CampaignHousehold.objects.filter(grid=world.west_grid).update(worker=user)
    if "follow-up owner" in parts:
        TopicFollowUp.objects.create(
            topic=Topic.objects.get(community=world.west),
            text="落实",
            owner_name="物业",
            owner=user,
            deadline=NOW.date(),
        )
    if "volunteer" in parts:
        Volunteer.objects.create(user=user, community=world.west, name=user.name)
    return User.objects.get(pk=user.pk)  # fresh: no cached roles


USERS = st.tuples(
    st.lists(st.tuples(st.sampled_from(Role.values), st.sampled_from(AREAS)), max_size=3),
    st.sets(st.sampled_from((*PARTS, "volunteer"))),
)


@pytest.mark.parametrize("model", list(RULES))
def test_it_answers_can_view_exactly_as_the_visible_queryset(scene, model):
    rule = RULES[model]
    counter = iter(range(10_000))

    @settings(
        max_examples=12,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(USERS)
    def check(drawn: tuple[list[tuple[str, str]], set[str]]) -> None:
        roles, parts = drawn
        with transaction.atomic():  # each example leaves the scene as it found it
            user = _user(scene, next(counter), roles, parts)
            shown = set(rule.visible(user).values_list("pk", flat=True))
            for obj in rule.model.objects.all():
                assert (obj.pk in shown) == rule.can_view(user, obj), (model, roles, parts, obj)
            transaction.set_rollback(True)

    check()
