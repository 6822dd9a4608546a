"""Pairings: who may make them, the household link limit, care for special groups only, a
leader for a grid, ending one, the coverage, the household page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from accounts.roles import Role
from areas.models import Household
from core.models import AuditEntry
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from fieldwork.actions.pairings import do_end_pairing, do_pair
from fieldwork.models import Pairing, PairingKind
from fieldwork.selectors import pairings as selectors
from tests.race import race


def pair(
    world: Any, person: Any, target: Any, kind: str = PairingKind.HOUSEHOLD_LINK, actor: Any = None
) -> Pairing:
    return do_pair(
        kind, person=person, target=target, actor=actor or world.users["community_staff"]
    )


def extra_households(world: Any, n: int) -> list[Household]:
    return [
        Household.objects.create(
            code=f"EX{i}",
            building=world.east_building,
            grid=world.east_grid,
            address=f"外加{i}",
        )
        for i in range(n)
    ]


def test_it_links_a_member_to_households_up_to_the_limit(
    world: Any, member: Any, settings: Any
) -> None:
    settings.LINLI_HOUSEHOLD_LINK_LIMIT = 2
    pair(world, member, world.east_households[0])
    pair(world, member, world.east_households[1])
    [third] = extra_households(world, 1)
    with pytest.raises(Conflict) as caught:
        pair(world, member, third)
    assert "2" in caught.value.message
    assert Pairing.objects.count() == 2
    assert AuditEntry.objects.filter(action="fieldwork.pairing.make").count() == 2


def test_it_allows_a_hundred_households_by_default(world: Any, member: Any) -> None:
    households = extra_households(world, 101)
    Pairing.objects.bulk_create(
        [
            Pairing(
                kind=PairingKind.HOUSEHOLD_LINK,
                person=member,
                household=h,
                area_code="x",
                started_on=dt.date(2026, 1, 1),
            )
            for h in households[:100]
        ]
    )
    with pytest.raises(Conflict):
        pair(world, member, households[100])


def test_it_refuses_pairing_twice_and_frees_a_place_when_ended(
    world: Any, member: Any, settings: Any
) -> None:
    settings.LINLI_HOUSEHOLD_LINK_LIMIT = 1
    p = pair(world, member, world.east_households[0])
    with pytest.raises(Conflict):
        pair(world, member, world.east_households[0])
    do_end_pairing(p, actor=world.users["community_staff"])
    with pytest.raises(Conflict):
        do_end_pairing(p, actor=world.users["community_staff"])
    pair(world, member, world.east_households[1])
    assert Pairing.objects.filter(ended_on__isnull=True).count() == 1


def test_it_pairs_a_cadre_with_a_special_group_resident_only(world: Any) -> None:
    cadre = world.users["grid_worker"]
    alone = world.east_households[0].residents.get()  # elderly living alone
    plain = world.east_households[1].residents.get()
    pair(world, cadre, alone, PairingKind.CARE)
    with pytest.raises(Invalid):
        pair(world, cadre, plain, PairingKind.CARE)
    with pytest.raises(Invalid):
        pair(world, world.users["resident"], alone, PairingKind.CARE)


def test_it_makes_a_leader_above_the_grid_its_liaison(world: Any) -> None:
    pair(world, world.users["subdistrict_staff"], world.east_grid, PairingKind.GRID_LIAISON)
    with pytest.raises(Invalid):
        pair(world, world.users["grid_worker"], world.east_grid, PairingKind.GRID_LIAISON)
    with pytest.raises(Invalid):
        pair(world, world.users["subdistrict_staff"], world.east, PairingKind.GRID_LIAISON)


def test_only_who_manages_pairings_there_makes_or_ends_them(world: Any, member: Any) -> None:
    with pytest.raises(NotFound):
        pair(world, member, world.east_households[0], actor=world.users["grid_worker"])
    with pytest.raises(NotFound):
        pair(world, member, world.west_households[0])  # east staff, west household
    p = pair(world, member, world.east_households[0])
    with pytest.raises(Forbidden):
        do_end_pairing(p, actor=world.users["grid_worker"])  # sees it, may not end it
    with pytest.raises(NotFound):
        do_end_pairing(p, actor=world.users["outsider"])
    secretary = world.user(Role.PARTY_SECRETARY, world.east)
    do_end_pairing(p, actor=secretary)


def test_it_counts_contacts_pairs_and_visited_pairings(world: Any, member: Any) -> None:
    pair(world, member, world.east_households[0])
    alone = world.east_households[0].residents.get()
    pair(world, world.users["grid_worker"], alone, PairingKind.CARE)
    c = selectors.coverage([world.subdistrict.code])
    assert (c.households, c.linked) == (4, 1)
    assert (c.special, c.paired) == (2, 1)  # the west's elderly resident has no pair
    assert (c.pairings, c.visited) == (2, 0)
    assert c.linked_share == 0.25 and c.paired_share == 0.5


def test_the_household_page_shows_who_looks_after_it(world: Any, member: Any, login: Any) -> None:
    household = world.east_households[0]
    pair(world, member, household)
    pair(world, world.users["subdistrict_staff"], world.east_grid, PairingKind.GRID_LIAISON)
    page = login(world.users["community_staff"]).get(f"/areas/h/{household.code}/")
    text = page.content.decode()
    assert "党员甲" in text and "街道干部" in text
    assert "联户" in text or "household link" in text.lower()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_offices_at_the_limit_link_one_household_between_them(
    world: Any, member: Any, settings: Any
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    settings.LINLI_HOUSEHOLD_LINK_LIMIT = 1
    second = world.user(Role.COMMUNITY_STAFF, world.east)
    actors = [world.users["community_staff"], second]
    results = race(lambda i: pair(world, member, world.east_households[i], actor=actors[i]))
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "Pairing"], results
    assert Pairing.objects.filter(person=member).count() == 1


def test_its_home_line_counts_the_pairings_not_visited_as_the_list_does(
    world: Any, member: Any, login: Any
) -> None:
    from fieldwork.actions.visits import do_record_visit
    from fieldwork.selectors import home

    pair(world, member, world.east_households[0])
    pair(world, member, world.east_households[1])
    do_record_visit(
        world.east_households[0],
        actor=member,
        visited_on=dt.date(2026, 5, 20),
        kind="routine",
        found="拉家常",
    )
    [line] = home.pairings_due(member)
    assert line.count == 1
    page = login(member).get(line.url)
    assert page.context["page"].paginator.count == 1
    assert not any(other.count for other in home.pairings_due(world.users["outsider"]))
