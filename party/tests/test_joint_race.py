"""The owner unit's contact and the office finish the same follow-up at once (PostgreSQL):
one wins, the other is told it is done already, and one audit entry records it."""

from __future__ import annotations

import pytest
from django.db import connection

from core.models import AuditEntry
from party.joint import actions
from party.models import FollowUp, ItemStatus
from party.tests.joint import joint
from tests.race import outcomes

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


def test_it_lets_one_of_two_finish_a_follow_up(p) -> None:
    j = joint(p)
    actors = [j.contact, j.staff] * 3

    def finish(i: int) -> None:
        f = FollowUp.objects.get(pk=j.follow_up.pk)
        actions.do_move_follow_up(f, "done", note=f"第{i}次", actor=actors[i])

    results = outcomes(finish, len(actors))
    assert sorted(results) == ["lost:409"] * 5 + ["won"]
    assert FollowUp.objects.get(pk=j.follow_up.pk).status == ItemStatus.DONE
    assert AuditEntry.objects.filter(action="party.joint.follow_up.done").count() == 1
