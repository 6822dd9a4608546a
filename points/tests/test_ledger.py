import datetime as dt

import pytest
import time_machine

from core.models import AuditEntry
from core.refusal import Refusal
from points.actions import do_adjust_points, do_award_points, do_expire_points
from points.models import AppendOnly, LedgerEntry, PointsBalance
from points.selectors import balance_of, check_ledger
from points.tests.helpers import make_rule

SH = dt.timezone(dt.timedelta(hours=8))


def test_it_adjusts_manually_with_a_reason_and_audits(world):
    staff, user = world.users["community_staff"], world.users["resident"]
    entry = do_adjust_points(user, 15, reason="补录活动积分", actor=staff)
    assert entry.kind == "adjustment" and entry.actor == staff
    do_adjust_points(user, -5, reason="重复录入", actor=staff)
    assert balance_of(user) == 10
    audit = AuditEntry.objects.filter(action="points.adjust").order_by("id")
    assert [a.changes["amount"] for a in audit] == [15, -5]
    assert audit[0].changes["reason"] == "补录活动积分"


@pytest.mark.parametrize(
    ("amount", "reason"),
    [(0, "x"), (5, ""), (5, "   "), (True, "x"), (-1, "below zero"), (2**63, "x")],
)
def test_it_refuses_bad_adjustments_and_stores_nothing(world, amount, reason):
    with pytest.raises(Refusal):
        do_adjust_points(
            world.users["resident"], amount, reason=reason, actor=world.users["community_staff"]
        )
    assert not LedgerEntry.objects.exists()
    assert not AuditEntry.objects.filter(action="points.adjust").exists()


def test_it_refuses_adjustments_outside_the_staff_area(world):
    # The outsider is a grid worker in the west; no staff role reaches the east resident.
    for who in ("outsider", "grid_worker", "resident"):
        with pytest.raises(Refusal) as err:
            do_adjust_points(world.users["resident"], 5, reason="x", actor=world.users[who])
        assert err.value.status == 404
    assert not LedgerEntry.objects.exists()
    # A subdistrict staff member reaches both communities.
    do_adjust_points(
        world.users["resident"], 5, reason="ok", actor=world.users["subdistrict_staff"]
    )


def test_it_keeps_entries_append_only(world):
    entry = do_adjust_points(
        world.users["resident"], 5, reason="x", actor=world.users["community_staff"]
    )
    entry.amount = 500
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    assert LedgerEntry.objects.get().amount == 5


def test_it_expires_unspent_points_at_the_end_of_the_next_year(world, settings):
    settings.LINLI_POINTS_EXPIRE_AFTER_YEARS = 1
    make_rule(world, "activity", points=50)
    staff, user = world.users["community_staff"], world.users["resident"]
    with time_machine.travel(dt.datetime(2025, 3, 1, 9, tzinfo=SH), tick=False):
        do_award_points(user, "activity", source="a", source_id="1")  # 50 earned in 2025
    with time_machine.travel(dt.datetime(2026, 2, 1, 9, tzinfo=SH), tick=False):
        do_adjust_points(user, -20, reason="spent", actor=staff)  # uses 2025's points first
        do_award_points(user, "activity", source="a", source_id="2")  # 50 earned in 2026
        assert do_expire_points() == 0  # 2025's points are good through 2026
    with time_machine.travel(dt.datetime(2026, 12, 31, 23, 59, tzinfo=SH), tick=False):
        assert do_expire_points() == 0
    with time_machine.travel(dt.datetime(2027, 1, 1, 0, 5, tzinfo=SH), tick=False):
        assert do_expire_points() == 1
        assert do_expire_points() == 0  # idempotent
    expiry = LedgerEntry.objects.get(kind="expiry")
    assert expiry.amount == -30 and expiry.source_id == "2025"
    assert balance_of(user) == 50
    with time_machine.travel(dt.datetime(2028, 1, 1, 0, 5, tzinfo=SH), tick=False):
        assert do_expire_points() == 1
    assert balance_of(user) == 0
    assert check_ledger().ok


def test_it_never_expires_when_the_setting_is_zero(world, settings):
    settings.LINLI_POINTS_EXPIRE_AFTER_YEARS = 0
    make_rule(world, "activity", points=50)
    with time_machine.travel(dt.datetime(2020, 3, 1, 9, tzinfo=SH), tick=False):
        do_award_points(world.users["resident"], "activity", source="a", source_id="1")
    with time_machine.travel(dt.datetime(2030, 3, 1, 9, tzinfo=SH), tick=False):
        assert do_expire_points() == 0
    assert balance_of(world.users["resident"]) == 50


def test_it_finds_a_balance_that_does_not_match_its_entries(world):
    user = world.users["resident"]
    do_adjust_points(user, 5, reason="x", actor=world.users["community_staff"])
    assert check_ledger().ok
    PointsBalance.objects.filter(user=user).update(balance=6)  # tampering behind the ledger
    result = check_ledger()
    assert not result.ok and result.mismatches == [(user.pk, 6, 5)]


def test_it_runs_expiry_and_the_check_as_commands(world, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.LINLI_POINTS_EXPIRE_AFTER_YEARS = 1
    do_adjust_points(world.users["resident"], 9, reason="x", actor=world.users["community_staff"])
    out = StringIO()
    later = (dt.date.today() + dt.timedelta(days=800)).isoformat()
    call_command("expire_points", "--on", later, stdout=out)
    assert "1 expiry entries written" in out.getvalue()
    call_command("check_ledger", stdout=out)
    assert "ledger ok" in out.getvalue()
    assert balance_of(world.users["resident"]) == 0


def test_it_finds_a_balance_without_entries(world):
    PointsBalance.objects.create(user=world.users["grid_worker"], balance=3)
    result = check_ledger()
    assert result.mismatches == [(world.users["grid_worker"].pk, 3, 0)]
