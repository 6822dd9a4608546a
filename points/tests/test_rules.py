import datetime as dt

import pytest

from core.refusal import Refusal
from points.actions import do_create_rule, do_deactivate_rule, do_update_rule
from points.models import EarningRule
from points.tests.helpers import make_rule


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"points": -5}, "above zero"),
        ({"points": 0}, "above zero"),
        ({"daily_cap": -1}, "daily cap cannot be below zero"),
        ({"yearly_cap": -1}, "yearly cap cannot be below zero"),
        ({"daily_cap": 50, "yearly_cap": 20}, "daily cap cannot be above the yearly cap"),
        ({"valid_to": dt.date(2019, 1, 1)}, "cannot end before it starts"),
        ({"unit": "minute"}, "per occurrence or per hour"),
        ({"activity": "nothing"}, "Choose an activity"),
        ({"points": True}, "whole number"),
        ({"points": 2**63}, "at most"),
        ({"yearly_cap": 10**12}, "at most"),
    ],
)
def test_it_refuses_contradictory_rules(world, values, message, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(Refusal, match=message):
        make_rule(world, **values)
    assert not EarningRule.objects.exists()


def test_it_refuses_overlapping_active_rules_for_one_activity(world, settings):
    settings.LANGUAGE_CODE = "en"
    make_rule(world, "activity", valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2026, 12, 31))
    with pytest.raises(Refusal, match="covers these dates") as err:
        make_rule(world, "activity", valid_from=dt.date(2026, 6, 1))
    assert err.value.status == 409
    # Back to back is fine, and another activity is independent.
    make_rule(world, "activity", valid_from=dt.date(2027, 1, 1))
    make_rule(world, "consultation", valid_from=dt.date(2026, 6, 1))
    assert EarningRule.objects.count() == 3


def test_it_allows_a_new_rule_once_the_old_one_is_deactivated(world):
    old = make_rule(world, "activity")
    do_deactivate_rule(old, actor=world.users["admin"])
    new = make_rule(world, "activity", points=20)
    assert new.active and not EarningRule.objects.get(pk=old.pk).active


def test_it_updates_a_rule_under_the_same_checks(world, settings):
    settings.LANGUAGE_CODE = "en"
    rule = make_rule(world, "activity", daily_cap=10, yearly_cap=100)
    do_update_rule(rule, actor=world.users["admin"], points=12)
    assert EarningRule.objects.get(pk=rule.pk).points == 12
    with pytest.raises(Refusal, match="above the yearly cap"):
        do_update_rule(rule, actor=world.users["admin"], daily_cap=200)
    assert EarningRule.objects.get(pk=rule.pk).daily_cap == 10


def test_it_lets_only_administrators_set_rules(world):
    for who in ("community_staff", "resident", "subdistrict_staff"):
        with pytest.raises(Refusal) as err:
            do_create_rule(
                actor=world.users[who],
                activity="activity",
                unit="occurrence",
                points=1,
                valid_from=dt.date(2026, 1, 1),
            )
        assert err.value.status == 403
    assert not EarningRule.objects.exists()
