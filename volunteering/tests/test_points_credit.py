from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from points.models import EarningRule, LedgerEntry
from points.selectors import balance_of
from volunteering import actions
from volunteering.tests.test_wishes import confirmed, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules() -> None:
    EarningRule.objects.create(
        activity="volunteer_order", unit="hour", points=10, valid_from=dt.date(2026, 1, 1)
    )
    EarningRule.objects.create(
        activity="micro_wish", unit="occurrence", points=20, valid_from=dt.date(2026, 1, 1)
    )


def test_it_credits_points_per_hour_when_the_resident_confirms(v, rules) -> None:
    with time_machine.travel(dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC), tick=False) as tm:
        order = actions.do_take_order(v.published(), actor=v.vol_user)
        actions.do_check_in(order, lon=120.63, lat=28.01, actor=v.vol_user)
        tm.shift(dt.timedelta(hours=2))
        order = actions.do_check_out(order, lon=120.63, lat=28.01, actor=v.vol_user)
        assert balance_of(v.vol_user) == 0
        actions.do_confirm_order(order, rating=5, actor=v.resident)
    assert order.hours == Decimal("2.00")
    assert balance_of(v.vol_user) == 20
    entry = LedgerEntry.objects.get(user=v.vol_user)
    assert (entry.source, entry.source_id) == ("volunteering.order", str(order.pk))


def test_it_credits_the_party_member_who_fulfilled_a_wish(v, rules) -> None:
    confirmed(v, "一个书包")
    assert balance_of(v.vol2_user) == 20


def test_it_credits_nothing_for_a_partner_unit_claim(v, rules) -> None:
    wish = actions.do_post_wish(
        community=v.world.east,
        title="一台电扇",
        beneficiary_name="李奶奶",
        beneficiary_kind="elderly",
        actor=v.staff,
    )
    actions.do_claim_wish(wish, unit=v.unit, actor=v.staff)
    actions.do_fulfil_wish(wish, photo=SimpleUploadedFile("a.png", png()), actor=v.staff)
    actions.do_confirm_wish(wish, actor=v.staff)
    assert not LedgerEntry.objects.exists()
