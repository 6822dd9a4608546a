"""Open311 requests arriving together are committed together, each with its own record."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from cases.models import Case
from cases.open311.actions import Submission, do_submit_request
from cases.open311.models import Open311Request
from cases.open311.tests.helpers import EAST
from tests.race import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_requests_submitted_at_once_each_get_their_case_and_token(world: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    n = 8
    out = race(
        lambda i: do_submit_request(
            world.api_key_obj,
            Submission(
                service_code="S0101",
                lat=str(EAST[1]),
                long=str(EAST[0]),
                description=f"第{i}处垃圾",
                email=f"u{i}@example.com",
            ),
        ),
        n=n,
    )
    assert all(isinstance(r, Open311Request) for r in out), out
    stored = {r.case_id: r for r in Open311Request.objects.select_related("case")}
    assert len(stored) == n and Case.objects.count() == n
    assert {r.case.description: r.email for r in stored.values()} == {
        f"第{i}处垃圾": f"u{i}@example.com" for i in range(n)
    }
    assert len({r.token for r in stored.values()}) == n
