"""The annual expiry as a background job: the database worker runs it daily when due, it
keeps one run scheduled, and running it again expires nothing twice."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command

from points.actions import do_adjust_points, do_award_points
from points.models import LedgerEntry
from points.selectors import balance_of, check_ledger
from points.tests.helpers import make_rule

SH = dt.timezone(dt.timedelta(hours=8))
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def pending() -> list[Any]:
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.filter(task_path="points.tasks.expire_points", status="READY"))


def run_worker() -> None:
    """`db_worker --batch`: runs what is due, then stops. The worker closes stale connections
    between tasks, which would close the test's own transaction, so that is left out here."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)


def command(*args: str) -> str:
    out = StringIO()
    call_command("expire_points", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def earned(world: Any, settings: Any) -> Any:
    """The resident earned 50 in 2025 and 50 in 2026 and spent 20 in 2026."""
    settings.LINLI_POINTS_EXPIRE_AFTER_YEARS = 1
    make_rule(world, "activity", points=50)
    user = world.users["resident"]
    with time_machine.travel(dt.datetime(2025, 3, 1, 9, tzinfo=SH), tick=False):
        do_award_points(user, "activity", source="activity", source_id="1")
    with time_machine.travel(dt.datetime(2026, 2, 1, 9, tzinfo=SH), tick=False):
        do_adjust_points(user, -20, reason="spent", actor=world.users["community_staff"])
        do_award_points(user, "activity", source="activity", source_id="2")
    settings.TASKS = DB_TASKS
    return user


def test_it_runs_the_expiry_from_the_worker_when_the_year_is_due(earned: Any) -> None:
    with time_machine.travel(dt.datetime(2026, 12, 31, 23, 0, tzinfo=SH), tick=False):
        assert "expiry scheduled" in command("--enqueue")
        assert "already scheduled" in command("--enqueue")
        run_worker()  # due now: 2025's points are still good through 2026
        assert not LedgerEntry.objects.filter(kind="expiry").exists()
        (next_run,) = pending()
        assert next_run.run_after == dt.datetime(2027, 1, 1, 0, 10, tzinfo=SH)
        run_worker()  # nothing due yet
        assert len(pending()) == 1

    with time_machine.travel(dt.datetime(2027, 1, 1, 0, 10, tzinfo=SH), tick=False):
        run_worker()
    expiry = LedgerEntry.objects.get(kind="expiry")
    assert expiry.amount == -30  # 50 earned in 2025 less the 20 spent since
    assert expiry.reason == "2025 年获得的积分已到期"  # stored in the site language
    assert (expiry.source, expiry.source_id, expiry.user) == ("expiry", "2025", earned)
    assert balance_of(earned) == 50
    (next_run,) = pending()
    assert next_run.run_after == dt.datetime(2027, 1, 2, 0, 10, tzinfo=SH)


def test_it_expires_nothing_twice(earned: Any) -> None:
    with time_machine.travel(dt.datetime(2027, 1, 1, 0, 10, tzinfo=SH), tick=False):
        command("--enqueue")
        run_worker()
        assert "0 expiry entries written" in command()
    with time_machine.travel(dt.datetime(2027, 1, 2, 0, 10, tzinfo=SH), tick=False):
        run_worker()
        assert "0 expiry entries written" in command()
    assert list(LedgerEntry.objects.filter(kind="expiry").values_list("amount", flat=True)) == [-30]
    assert balance_of(earned) == 50
    assert check_ledger().ok

    with time_machine.travel(dt.datetime(2028, 1, 1, 0, 10, tzinfo=SH), tick=False):
        run_worker()  # the run scheduled for 2 January 2027 is long due; 2026's points go now
    amounts = LedgerEntry.objects.filter(kind="expiry").order_by("pk")
    assert [(e.source_id, e.amount) for e in amounts] == [("2025", -30), ("2026", -50)]
    assert balance_of(earned) == 0
    assert check_ledger().ok


def test_it_shows_the_expiry_in_the_residents_history(earned: Any, client: Any) -> None:
    with time_machine.travel(dt.datetime(2027, 1, 1, 0, 10, tzinfo=SH), tick=False):
        command()
    client.force_login(earned)
    page = client.get("/points/").content.decode()
    assert "2025 年获得的积分已到期" in page and "-30" in page


def test_it_schedules_no_run_with_a_backend_that_cannot_defer(earned: Any, settings: Any) -> None:
    from points.tasks import schedule_expiry

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert not schedule_expiry()  # the next daily run is in the future
    with time_machine.travel(dt.datetime(2027, 1, 1, 0, 10, tzinfo=SH), tick=False):
        assert "expiry scheduled" in command("--enqueue")  # runs at once
    assert LedgerEntry.objects.filter(kind="expiry").count() == 1
