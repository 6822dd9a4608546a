"""Members of one household vote (or support) at once: one ballot is stored, the others are
told their household has voted; a secret vote's counters add up to the ballots stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from core import timeutil
from core.refusal import Conflict
from tests.race import race
from volunteering.consultation import actions, selectors
from volunteering.consultation.models import Ballot, Topic, TopicSupport
from volunteering.tests.consultation import meeting, resident_user, scheduled

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
N = 6


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


def _household(world, n: int, base: str) -> list:
    return [
        resident_user(world, world.east_households[1], f"{base}{i:03d}", f"家人{i}")
        for i in range(n)
    ]


@pytest.mark.parametrize("mode", ["open", "secret"])
def test_it_stores_one_ballot_of_a_household_voting_at_once(world, mode) -> None:
    m = meeting(world, held_on=timeutil.today() - dt.timedelta(days=1))
    topic = scheduled(world, m, mode)
    actions.do_open_vote(topic, actor=world.users["community_staff"])
    members = _household(world, N, "13810000")

    results = race(
        lambda i: actions.do_cast_ballot(
            Topic.objects.get(pk=topic.pk), choice="for", actor=members[i]
        ),
        N,
    )

    assert sum(isinstance(r, Ballot) for r in results) == 1
    assert sum(isinstance(r, Conflict) for r in results) == N - 1, results
    assert Ballot.objects.filter(topic=topic).count() == 1
    topic.refresh_from_db()
    counted = selectors.tally(topic)
    assert counted is not None and counted.total == 1


def test_it_stores_one_support_of_a_household_supporting_at_once(world) -> None:
    topic = actions.do_propose_topic(title="小区停车难", actor=world.users["resident"])
    members = _household(world, N, "13820000")

    results = race(
        lambda i: actions.do_support_topic(Topic.objects.get(pk=topic.pk), actor=members[i]), N
    )

    assert sum(isinstance(r, TopicSupport) for r in results) == 1
    assert sum(isinstance(r, Conflict) for r in results) == N - 1, results
    assert TopicSupport.objects.filter(topic=topic).count() == 2
    topic.refresh_from_db()
    assert topic.status == "eligible"


def test_it_counts_every_household_of_a_secret_vote_cast_at_once(world) -> None:
    """Different households at once: the counters lose no ballot."""
    from areas.models import Household

    m = meeting(world, held_on=timeutil.today() - dt.timedelta(days=1))
    topic = scheduled(world, m, "secret")
    actions.do_open_vote(topic, actor=world.users["community_staff"])
    voters = []
    for i in range(N):
        h = Household.objects.create(
            code=f"EXTRA{i}",
            building=world.east_building,
            grid=world.east_grid,
            address=f"东{i}",
        )
        voters.append(resident_user(world, h, f"1383000{i:04d}", f"户主{i}"))

    results = race(
        lambda i: actions.do_cast_ballot(
            Topic.objects.get(pk=topic.pk), choice="for" if i % 2 else "against", actor=voters[i]
        ),
        N,
    )

    assert all(isinstance(r, Ballot) for r in results), results
    topic.refresh_from_db()
    counted = selectors.tally(topic)
    assert counted is not None
    assert (counted.votes_for, counted.against) == (N // 2, N - N // 2)
