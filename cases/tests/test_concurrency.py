import threading
from typing import Any

import pytest
from django.db import connection

from cases import actions as A
from cases.errors import CaseConflict
from cases.models import Case, CaseTransition
from cases.tests.helpers import report
from cases.workflow import Status

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(fn: Any, n: int = 2) -> list[Any]:
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = fn(i)
        except Exception as exc:  # collected and asserted below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_it_lets_one_of_two_handlers_win(world: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    staff = world.users["community_staff"]
    other = world.user("grid_worker", world.east_grid, "13700000099", "第二网格员")
    case = report(world)
    A.do_accept_case(case, actor=staff)
    A.do_dispatch_case(case, to=world.users["grid_worker"], actor=staff)
    actors = [world.users["grid_worker"], other]
    results = _race(lambda i: A.do_handle_case(case.pk, actor=actors[i], note=f"done {i}"))
    wins = [r for r in results if isinstance(r, Case)]
    losses = [r for r in results if isinstance(r, CaseConflict)]
    assert len(wins) == 1 and len(losses) == 1, results
    assert "已处置" in losses[0].message
    assert CaseTransition.objects.filter(case=case, action="handle").count() == 1
    case.refresh_from_db()
    assert case.status == Status.HANDLED


def test_it_makes_one_case_from_two_racing_retries(world: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    results = _race(lambda i: report(world, idempotency_key="offline-1"))
    assert all(isinstance(r, Case) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Case.objects.count() == 1
