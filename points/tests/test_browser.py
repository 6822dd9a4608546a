"""In a real browser at phone width: a resident redeems, staff write the code off."""

import os

import pytest

from points.models import Redemption
from points.selectors import balance_of
from points.tests.helpers import give, make_rule, make_store
from tests.factories import PASSWORD

SHOTS = os.environ.get("LINLI_SCREENSHOTS", "")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"points-{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_redeems_and_writes_off_in_the_browser(world, page, browser_login):
    from points.actions import do_award_points

    make_rule(world, "volunteer_order", unit="hour", points=10)
    item = make_store(world, price=30, stock=2)
    resident, staff = world.users["resident"], world.users["community_staff"]
    do_award_points(resident, "volunteer_order", quantity=3, source="order", source_id="1")
    give(world, resident, 20)

    browser_login(page, resident.phone, PASSWORD)
    page.goto(page.base + "/points/")
    assert page.inner_text("#balance") == "50"
    shot(page, "mine")
    page.goto(page.base + "/points/store/")
    shot(page, "store")
    with page.expect_navigation():
        page.click("form.redeem button")
    code = page.inner_text(".pickup-code")
    shot(page, "redemptions")
    assert Redemption.objects.get().pickup_code == code
    assert balance_of(resident) == 20

    browser_login(page, staff.phone, PASSWORD, fresh=True)
    page.goto(page.base + "/points/manage/")
    shot(page, "manage")
    page.goto(page.base + "/points/manage/pickup/")
    page.fill("input[name=code]", code.lower())
    page.click("form.card button")
    page.wait_for_selector("#done")
    shot(page, "pickup")
    assert Redemption.objects.get().status == "picked_up"
    page.fill("input[name=code]", code)
    with page.expect_navigation():
        page.click("form.card button")
    assert "使用过" in page.content()
    assert item.pk


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_serves_the_staff_pages_at_phone_width(world, page, browser_login):
    from points.actions import do_award_points

    make_rule(world, "activity", points=10, daily_cap=20, yearly_cap=200)
    make_store(world, price=30, stock=0)
    do_award_points(world.users["resident"], "activity", source="a", source_id="1")
    browser_login(page, world.users["admin"].phone, PASSWORD)
    for name, path in (
        ("rules", "/points/manage/rules/"),
        ("stores", "/points/manage/stores/"),
        ("reports", "/points/manage/reports/"),
        ("leaderboard", "/points/leaderboard/"),
        ("adjust", "/points/manage/adjust/"),
    ):
        page.goto(page.base + path)
        # Nothing wider than the phone: the page does not scroll sideways.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
        shot(page, name)
    page.goto(page.base + "/points/manage/stores/")
    with page.expect_navigation():
        page.click("a.card")
    assert "大米5斤" in page.content()
    shot(page, "store-manage")
