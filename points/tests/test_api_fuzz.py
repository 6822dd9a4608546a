"""Arbitrary JSON bodies against the points API: never a server error, only declared answers,
and a refused request stores nothing."""

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from points.models import EarningRule, Item, LedgerEntry, Redemption, Store
from points.tests.helpers import give, make_store

API = "/api/v1/points"
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(["2026-01-01", "1999-13-40", "activity", "goods", "occurrence", "hour"]),
)


def bodies(*fields: str) -> Any:
    return st.dictionaries(st.sampled_from(fields), values, max_size=len(fields))


def counts() -> tuple[int, ...]:
    return (
        EarningRule.objects.count(),
        Store.objects.count(),
        Item.objects.count(),
        Redemption.objects.count(),
        LedgerEntry.objects.count(),
    )


FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(
    rule=bodies("activity", "unit", "points", "daily_cap", "yearly_cap", "valid_from", "valid_to"),
    item=bodies("kind", "name", "price", "stock", "description"),
    redeem=bodies("quantity"),
    pickup=bodies("code"),
    adjust=bodies("phone", "amount", "reason"),
)
def test_it_answers_arbitrary_bodies_without_server_errors(
    world, login, rule, item, redeem, pickup, adjust
):
    existing = Item.objects.first() or make_store(world)
    give(world, world.users["resident"], 5)
    admin = login(world.users["admin"])
    for path, body in (
        ("/rules", rule),
        (f"/manage/stores/{existing.store_id}/items", item),
        ("/pickup", pickup),
        ("/adjustments", adjust),
    ):
        before = counts()
        r = admin.post(API + path, body, content_type="application/json")
        assert r.status_code in {200, 201, 400, 403, 404, 409, 422, 429}, (path, body, r.content)
        if r.status_code >= 400:
            assert counts() == before, (path, body)
    resident = login(world.users["resident"])
    before = counts()
    r = resident.post(f"{API}/items/{existing.pk}/redeem", redeem, content_type="application/json")
    assert r.status_code in {201, 400, 404, 409, 422}, (redeem, r.content)
    if r.status_code >= 400:
        assert counts() == before
