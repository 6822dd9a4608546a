"""Group commit: concurrent submissions are written together, each gets its own outcome."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from core.groupcommit import GroupCommit
from core.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)


def _submit_all(gc: GroupCommit[Any, Any], items: list[Any]) -> list[Any]:
    """Submit `items` from a thread each, the first alone until the others wait behind it."""
    out: list[Any] = [None] * len(items)

    def run(i: int) -> None:
        try:
            out[i] = gc.submit(items[i])
        except Exception as exc:  # collected and asserted by the test
            out[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(items))]
    threads[0].start()
    for t in threads[1:]:
        t.start()
    for t in threads:
        t.join(30)
    return out


def _writer(user_id: int, sizes: list[int], first_waits_for: int) -> Any:
    def write_many(titles: list[str]) -> list[int]:
        if not sizes:  # the first leader holds its turn until the others have queued
            end = time.monotonic() + 10
            while len(gc._pending) < first_waits_for and time.monotonic() < end:
                time.sleep(0.005)
        sizes.append(len(titles))
        rows = []
        for title in titles:
            if title == "bad":
                raise IntegrityError("a bad row")
            rows.append(Notification.objects.create(user_id=user_id, title=title))
        return [r.pk for r in rows]

    gc: GroupCommit[str, int] = GroupCommit(write_many)
    return gc


def test_waiting_submissions_are_written_as_one_group(world: Any) -> None:
    sizes: list[int] = []
    gc = _writer(world.users["resident"].pk, sizes, first_waits_for=5)
    out = _submit_all(gc, [f"消息{i}" for i in range(6)])
    assert all(isinstance(pk, int) for pk in out), out
    assert sizes == [1, 5]  # the first alone, then everyone who queued behind it
    stored = dict(Notification.objects.filter(pk__in=out).values_list("pk", "title"))
    assert [stored[pk] for pk in out] == [f"消息{i}" for i in range(6)]
    assert gc.groups == 2 and gc.items == 6


def test_a_bad_submission_fails_alone_and_the_rest_of_its_group_is_stored(world: Any) -> None:
    sizes: list[int] = []
    gc = _writer(world.users["resident"].pk, sizes, first_waits_for=3)
    out = _submit_all(gc, ["先到", "好1", "bad", "好2"])
    assert isinstance(out[2], IntegrityError)
    assert all(isinstance(out[i], int) for i in (0, 1, 3)), out
    titles = set(Notification.objects.values_list("title", flat=True))
    assert titles == {"先到", "好1", "好2"}  # the failed group was rolled back, then re-written


def test_in_a_callers_transaction_it_writes_at_once_in_that_transaction(world: Any) -> None:
    sizes: list[int] = []
    gc = _writer(world.users["resident"].pk, sizes, first_waits_for=0)
    with pytest.raises(RuntimeError), transaction.atomic():
        gc.submit("随外层回滚")
        assert Notification.objects.filter(title="随外层回滚").exists()
        raise RuntimeError("the caller fails")
    assert not Notification.objects.filter(title="随外层回滚").exists()
    assert sizes == [1] and gc.groups == 0
