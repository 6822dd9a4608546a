"""Each app's kind in the 15-minute service circle (areas.nearby.kinds): venues, members'
service posts (held today, by kind and duty, never the member), charity stores and service
menus (placed at their community's service centre, left out where it has none)."""

from __future__ import annotations

import datetime as dt

from activities.models import Venue, VenueKind
from areas.nearby import kinds
from core import timeutil
from party.models import OrgLevel, PartyMember, PartyOrganisation
from party.posts.models import PostKind, ServicePost
from points.models import Store
from tests.factories import World
from volunteering.models import ServiceItem


def test_it_lists_every_apps_places_without_a_person(world: World) -> None:
    org = PartyOrganisation.objects.create(
        code="E1", name="东社区党委", level=OrgLevel.EXTENDED_COMMITTEE, area=world.east
    )
    member = PartyMember.objects.create(name="张党员", organisation=org)
    Venue.objects.create(
        code="VE1",
        name="东社区党群服务中心",
        kind=VenueKind.SERVICE_CENTRE,
        area=world.east,
        lon=120.625,
        lat=28.012,
        opening_hours=[None] * 7,
        organisation=org,
    )
    Store.objects.create(community=world.east, name="东爱心超市")
    Store.objects.create(community=world.west, name="西爱心超市")  # no service centre in the west
    for title in ("助浴", "理发"):
        ServiceItem.objects.create(community=world.east, title=title, category="elderly")
    today = timeutil.today()
    ServicePost.objects.create(
        member=member,
        organisation=org,
        kind=PostKind.MODEL,
        duty="调解邻里纠纷",
        grid=world.east_grid,
        building=world.east_building,
        since=today - dt.timedelta(days=3),
    )
    ServicePost.objects.create(  # ended: not held today
        member=member,
        organisation=org,
        kind=PostKind.SENTINEL,
        duty="巡查",
        grid=world.east_grid,
        building=world.east_building,
        since=today - dt.timedelta(days=30),
        until=today - dt.timedelta(days=1),
    )
    found = kinds.places(world.subdistrict.code)
    assert [p.name for p in found["venue"]] == ["东社区党群服务中心"]
    assert [(p.name, p.lon, p.lat) for p in found["charity_store"]] == [
        ("东爱心超市", 120.625, 28.012)
    ]
    [menu] = found["service_item"]
    assert "2" in menu.name and (menu.lon, menu.lat) == (120.625, 28.012)
    [post] = found["service_post"]
    assert "调解邻里纠纷" in post.name and "张党员" not in post.name
    assert (post.lon, post.lat) == (world.east_building.lon, world.east_building.lat)
    assert kinds.places(world.west.code, ["charity_store"]) == {"charity_store": []}
