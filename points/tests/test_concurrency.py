"""Races on PostgreSQL: many threads redeeming the last items and spending one balance."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from core.refusal import Refusal
from points.actions import do_award_points, do_redeem_item
from points.models import Item, LedgerEntry, Redemption
from points.selectors import balance_of, check_ledger
from points.tests.helpers import give, make_rule, make_store

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


def race(n: int, work: Callable[[int], Any]) -> tuple[list[Any], list[Exception]]:
    """Run `work(i)` in n threads released at once; each thread has its own connection."""
    gate = threading.Barrier(n)
    results: list[Any] = []
    errors: list[Exception] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            gate.wait()
            out = work(i)
            with lock:
                results.append(out)
        except Exception as exc:
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_it_sells_the_last_items_once_to_many_buyers(world):
    item = make_store(world, price=10, stock=3)
    buyers = [world.user("resident", world.east_grid, f"1360000{i:04d}") for i in range(12)]
    for b in buyers:
        give(world, b, 10)
    results, errors = race(12, lambda i: do_redeem_item(buyers[i], item))
    assert len(results) == 3
    assert all(isinstance(e, Refusal) and e.status == 409 for e in errors), errors
    assert len(errors) == 9
    assert Item.objects.get(pk=item.pk).stock == 0
    assert Redemption.objects.count() == 3
    assert sum(balance_of(b) for b in buyers) == 90
    assert check_ledger().ok


def test_it_never_spends_one_balance_twice(world):
    item = make_store(world, price=30, stock=100)
    user = world.users["resident"]
    give(world, user, 100)  # enough for three
    results, errors = race(10, lambda i: do_redeem_item(user, item))
    assert len(results) == 3 and len(errors) == 7
    assert all(isinstance(e, Refusal) for e in errors), errors
    assert balance_of(user) == 10
    assert Item.objects.get(pk=item.pk).stock == 97
    assert LedgerEntry.objects.filter(kind="debit").count() == 3
    assert check_ledger().ok


def test_it_awards_one_source_once_and_holds_the_daily_cap_under_races(world):
    make_rule(world, "activity", points=10, daily_cap=30)
    user = world.users["resident"]
    # Ten threads award the same source: one credit.
    race(10, lambda i: do_award_points(user, "activity", source="same", source_id="1"))
    assert LedgerEntry.objects.filter(source="same").count() == 1
    # Ten threads award different sources: the cap (30 a day) holds.
    race(10, lambda i: do_award_points(user, "activity", source="many", source_id=str(i)))
    assert balance_of(user) == 30
    assert check_ledger().ok
