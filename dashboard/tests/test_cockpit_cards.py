"""The dashboard's volunteering and points cards count the area it shows (within the user's
own areas), not every area the user runs: a district leader drilling down to a community sees
that community's orders, hours, points and pickups only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from points.actions import do_award_points, do_redeem_item
from points.tests.helpers import give, make_rule, make_store
from volunteering.models import Order, OrderStatus

URL = "/dashboard/cards/"  # the page loads its cards after the first paint
API = "/api/v1/dashboard/cockpit/cards"


@pytest.fixture(autouse=True)
def _june() -> Any:
    with time_machine.travel(dt.datetime(2026, 6, 1, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def order(community: Any, requester: Any, hours: str | None = None) -> Order:
    return Order.objects.create(
        community=community,
        requester=requester,
        title="上门理发",
        status=OrderStatus.CONFIRMED if hours else OrderStatus.REQUESTED,
        hours=Decimal(hours) if hours else None,
    )


@pytest.fixture
def two_communities(world: Any) -> Any:
    """East: two orders (one confirmed, 1.5 h), one credit of 10 points and one redemption
    awaiting pickup. West: three orders (two confirmed, 6 h), two credits (20 points) and two
    redemptions awaiting pickup."""
    east_user, west_user = world.users["resident"], world.users["outsider"]
    order(world.east, east_user, "1.5")
    order(world.east, east_user)
    order(world.west, west_user, "2")
    order(world.west, west_user, "4")
    order(world.west, west_user)
    make_rule(world, "activity", points=10)
    do_award_points(east_user, "activity", source="test", source_id="e1")
    do_award_points(west_user, "activity", source="test", source_id="w1")
    do_award_points(west_user, "activity", source="test", source_id="w2")
    east_item = make_store(world, world.east, price=1)
    west_item = make_store(world, world.west, price=1)
    give(world, east_user, 100)
    give(world, west_user, 100)
    do_redeem_item(east_user, east_item)
    do_redeem_item(west_user, west_item)
    do_redeem_item(west_user, west_item)
    return world


def figures(cards: Any) -> tuple[Any, ...]:
    v, p = cards.volunteering, cards.points
    return v["orders"], v["confirmed"], v["hours"], p["credits"], p["earned"], p["awaiting_pickup"]


def test_it_counts_only_the_community_a_district_leader_drills_down_to(
    two_communities: Any, login: Any
) -> None:
    world = two_communities
    client = login(world.users["district_staff"])
    shown = {
        area.code: figures(client.get(f"{URL}?area={area.code}").context["cards"])
        for area in (world.district, world.east, world.west)
    }
    assert shown[world.east.code] == (2, 1, 1.5, 1, 10, 1)
    assert shown[world.west.code] == (3, 2, 6.0, 2, 20, 2)
    assert shown[world.district.code] == (5, 3, 7.5, 3, 30, 3)


def test_the_api_answers_the_same_cards(two_communities: Any, client: Any) -> None:
    from accounts.models import ApiToken

    world = two_communities
    _token, key = ApiToken.issue(world.users["district_staff"], "app")
    body = client.get(f"{API}?area={world.east.code}", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert body["area_code"] == world.east.code
    assert (body["volunteering"]["orders"], body["volunteering"]["hours"]) == (2, 1.5)
    assert (body["points"]["earned"], body["points"]["awaiting_pickup"]) == (10, 1)


def test_a_grid_counts_its_communitys_orders_and_stores_and_its_own_users_points(
    two_communities: Any, login: Any
) -> None:
    world = two_communities
    cards = login(world.users["district_staff"]).get(f"{URL}?area={world.west_grid.code}")
    # The west user holds their role on the west grid: their points are the grid's.
    assert figures(cards.context["cards"]) == (3, 2, 6.0, 2, 20, 2)


def test_it_never_counts_more_than_the_user_runs(two_communities: Any) -> None:
    from dashboard.cockpit.cards import cards

    world = two_communities
    # The east's staff asking about the subdistrict still count the east only.
    assert figures(cards(world.users["community_staff"], world.subdistrict)) == (
        2,
        1,
        1.5,
        1,
        10,
        1,
    )
