from typing import Any

import pytest
from django.db import connection

from cases import actions as A
from cases.models import Case, CaseTransition
from cases.tests.helpers import report
from cases.workflow import Status
from core.refusal import Conflict
from tests.race import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_it_lets_one_of_two_handlers_win(world: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    # The assigned handler and the desk of the case's level (which may handle directly);
    # another worker of the grid may not handle a colleague's case at all.
    staff = world.users["community_staff"]
    case = report(world)
    A.do_accept_case(case, actor=staff)
    A.do_dispatch_case(case, to=world.users["grid_worker"], actor=staff)
    actors = [world.users["grid_worker"], staff]
    results = race(lambda i: A.do_handle_case(case.pk, actor=actors[i], note=f"done {i}"))
    wins = [r for r in results if isinstance(r, Case)]
    losses = [r for r in results if isinstance(r, Conflict)]
    assert len(wins) == 1 and len(losses) == 1, results
    assert "已处置" in losses[0].message
    assert CaseTransition.objects.filter(case=case, action="handle").count() == 1
    case.refresh_from_db()
    assert case.status == Status.HANDLED


def test_it_makes_one_case_from_two_racing_retries(world: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    results = race(lambda i: report(world, idempotency_key="offline-1"))
    assert all(isinstance(r, Case) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Case.objects.count() == 1


def test_reports_arriving_together_are_committed_together_each_whole(world: Any) -> None:
    """Twelve residents' reports at once (group commit): twelve cases, each with its report
    entry, audit entry and the desk's notice, and fewer commits than reports."""
    from cases.actions import intake
    from core.models import AuditEntry, Notification

    groups = intake.writer.groups
    results = race(
        lambda i: report(world, code="B0102", description=f"第{i}件事", idempotency_key=f"k{i}"),
        n=12,
    )
    assert all(isinstance(r, Case) for r in results), results
    assert sorted(r.description for r in results) == sorted(f"第{i}件事" for i in range(12))
    pks = [r.pk for r in results]
    assert Case.objects.filter(pk__in=pks).count() == 12
    assert CaseTransition.objects.filter(case__in=pks, action="report").count() == 12
    audited = AuditEntry.objects.filter(action="case.report", object_id__in=[str(p) for p in pks])
    assert audited.count() == 12
    desk = world.users["community_staff"]
    assert (
        Notification.objects.filter(user=desk, url__in=[f"/cases/{p}/" for p in pks]).count() == 12
    )
    assert 1 <= intake.writer.groups - groups <= 12


def _desks_and_workers(world: Any) -> tuple[list[Any], list[Any]]:
    from accounts.roles import Role

    desks = [world.users["community_staff"], world.user(Role.COMMUNITY_STAFF, world.east)]
    workers = [world.users["grid_worker"], world.user(Role.GRID_WORKER, world.east_grid)]
    return desks, workers


def test_twenty_dispatches_to_one_handler_from_two_desks_write_and_notify_once(
    world: Any,
) -> None:
    """Concurrent dispatches wait for the case's row lock; the first gives it to the
    handler, the other nineteen find it there already and are refused."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    from core.models import Notification

    desks, workers = _desks_and_workers(world)
    case = A.do_accept_case(report(world), actor=desks[0])
    results = race(lambda i: A.do_dispatch_case(case.pk, to=workers[0], actor=desks[i % 2]), n=20)
    wins = [r for r in results if isinstance(r, Case)]
    losses = [r for r in results if isinstance(r, Conflict)]
    assert len(wins) == 1 and len(losses) == 19, results
    assert all("无需重复派遣" in r.message for r in losses)
    assert CaseTransition.objects.filter(case=case, action="dispatch").count() == 1
    assert Notification.objects.filter(user=workers[0], url=f"/cases/{case.pk}/").count() == 1


def test_twenty_dispatches_to_two_handlers_are_applied_one_after_another(world: Any) -> None:
    """Two desks each dispatching to their own handler: every dispatch that is applied
    starts from the handler the one before it left (a chain in the audit log), each is
    notified once, and a dispatch that would change nothing is refused."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    from core.models import AuditEntry, Notification

    desks, workers = _desks_and_workers(world)
    case = A.do_accept_case(report(world), actor=desks[0])
    results = race(
        lambda i: A.do_dispatch_case(case.pk, to=workers[i % 2], actor=desks[i % 2]), n=20
    )
    wins = [r for r in results if isinstance(r, Case)]
    assert all(isinstance(r, Case | Conflict) for r in results), results
    assert 1 <= len(wins) <= 20
    entries = AuditEntry.objects.filter(action="case.dispatch", object_id=str(case.pk))
    chain = [e.changes["handler"] for e in entries.order_by("pk")]
    assert len(chain) == len(wins) == CaseTransition.objects.filter(action="dispatch").count()
    assert chain[0][0] is None
    for before, after in zip(chain, chain[1:], strict=False):
        assert after[0] == before[1] != after[1]
    case.refresh_from_db()
    assert str(case.handler_id) == chain[-1][1]
    notified = Notification.objects.filter(user__in=workers, url=f"/cases/{case.pk}/").count()
    assert notified == len(wins)
