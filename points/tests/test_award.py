import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from core.models import AuditEntry
from core.refusal import Refusal
from points.actions import do_award_points
from points.models import LedgerEntry
from points.selectors import balance_of, check_ledger
from points.tests.helpers import make_rule

SH = dt.timezone(dt.timedelta(hours=8))


def test_it_credits_one_occurrence_under_the_active_rule(world):
    make_rule(world, "activity", points=10)
    user = world.users["resident"]
    entry = do_award_points(user, "activity", source="activities.signup", source_id="1")
    assert entry is not None and entry.amount == 10 and entry.kind == "credit"
    assert balance_of(user) == 10
    assert AuditEntry.objects.filter(action="points.award").count() == 1
    assert user.notifications.count() == 1


def test_it_credits_hours_rounded_down(world):
    make_rule(world, "volunteer_order", unit="hour", points=10)
    user = world.users["resident"]
    entry = do_award_points(
        user, "volunteer_order", quantity=Decimal("2.55"), source="order", source_id="7"
    )
    assert entry is not None and entry.amount == 25 and entry.quantity == Decimal("2.55")


def test_it_credits_the_same_source_once(world):
    make_rule(world, "micro_wish", points=5)
    user = world.users["resident"]
    first = do_award_points(user, "micro_wish", source="wish", source_id="3")
    again = do_award_points(user, "micro_wish", source="wish", source_id="3")
    assert again == first
    assert LedgerEntry.objects.filter(user=user).count() == 1
    assert balance_of(user) == 5
    # Another user for the same source is credited separately.
    other = world.users["grid_worker"]
    assert do_award_points(other, "micro_wish", source="wish", source_id="3") is not None


def test_it_returns_none_without_a_rule(world):
    user = world.users["resident"]
    assert do_award_points(user, "consultation", source="meeting", source_id="1") is None
    assert not LedgerEntry.objects.exists()


def test_it_ignores_deactivated_and_out_of_date_rules(world):
    from points.actions import do_deactivate_rule

    rule = make_rule(world, "consultation", valid_from=dt.date(2026, 1, 1))
    user = world.users["resident"]
    with time_machine.travel(dt.datetime(2025, 6, 1, 10, tzinfo=SH), tick=False):
        assert do_award_points(user, "consultation", source="m", source_id="1") is None
    with time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=SH), tick=False):
        do_deactivate_rule(rule, actor=world.users["admin"])
        assert do_award_points(user, "consultation", source="m", source_id="2") is None


def test_it_applies_the_daily_cap_by_local_day(world):
    make_rule(world, "case_report", points=4, daily_cap=10)
    user = world.users["resident"]
    # 23:30 in Shanghai is 15:30 UTC the same local day.
    with time_machine.travel(dt.datetime(2026, 3, 2, 8, tzinfo=SH), tick=False):
        amounts = [
            getattr(
                do_award_points(user, "case_report", source="case", source_id=str(i)),
                "amount",
                None,
            )
            for i in range(4)
        ]
    assert amounts == [4, 4, 2, None]
    with time_machine.travel(dt.datetime(2026, 3, 2, 23, 30, tzinfo=SH), tick=False):
        assert do_award_points(user, "case_report", source="case", source_id="9") is None
    with time_machine.travel(dt.datetime(2026, 3, 3, 0, 10, tzinfo=SH), tick=False):
        entry = do_award_points(user, "case_report", source="case", source_id="10")
    assert entry is not None and entry.amount == 4
    assert balance_of(user) == 14


def test_it_applies_the_yearly_cap_and_resets_next_year(world):
    make_rule(world, "activity", points=30, daily_cap=30, yearly_cap=70)
    user = world.users["resident"]
    got = []
    for day in range(1, 5):
        with time_machine.travel(dt.datetime(2026, 12, 27 + day, 9, tzinfo=SH), tick=False):
            e = do_award_points(user, "activity", source="a", source_id=str(day))
            got.append(e.amount if e else None)
    # Dec 28, 29 count 30 each, Dec 30 only 10 more, Dec 31 none; Jan 1 starts afresh.
    assert got == [30, 30, 10, None]
    with time_machine.travel(dt.datetime(2027, 1, 1, 9, tzinfo=SH), tick=False):
        e = do_award_points(user, "activity", source="a", source_id="new-year")
    assert e is not None and e.amount == 30
    assert check_ledger().ok


def test_it_counts_the_occurrence_date_not_the_award_date(world):
    make_rule(world, "activity", points=10, daily_cap=10)
    user = world.users["resident"]
    with time_machine.travel(dt.datetime(2026, 5, 5, 9, tzinfo=SH), tick=False):
        past = dt.datetime(2026, 5, 4, 20, tzinfo=SH)
        assert do_award_points(user, "activity", source="a", source_id="1", occurred_at=past)
        assert do_award_points(user, "activity", source="a", source_id="2")
        assert (
            do_award_points(user, "activity", source="a", source_id="3", occurred_at=past) is None
        )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"activity": "bogus"},
        {"quantity": 0},
        {"quantity": -1},
        {"quantity": True},
        {"quantity": "many"},
        {"quantity": 10_001},
        {"quantity": Decimal("NaN")},
        {"source": ""},
        {"source_id": ""},
    ],
)
def test_it_refuses_bad_award_input_and_stores_nothing(world, kwargs):
    make_rule(world, "activity")
    args = {"activity": "activity", "source": "s", "source_id": "1", **kwargs}
    activity = args.pop("activity")
    with pytest.raises(Refusal):
        do_award_points(world.users["resident"], activity, **args)
    assert not LedgerEntry.objects.exists()
