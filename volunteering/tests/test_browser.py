"""Across volunteering and points, in a phone-sized Chromium: resident requests → staff
publishes → volunteer takes, checks in and out → resident rates → points appear → the
volunteer (a resident too) redeems in the charity store → staff write off the pickup code."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from points.models import EarningRule, Item, Redemption, Store

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("LINLI_SCREENSHOTS", "")


def _as(page, browser_login, user, password) -> None:
    browser_login(page, user.phone, password, fresh=True)


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _located_submit(page, button: str) -> None:
    page.wait_for_function("document.querySelector('form[data-geo] input[name=lon]').value !== ''")
    with page.expect_navigation():
        page.click(f"button:has-text('{button}')")


def test_it_runs_an_order_from_request_to_points_and_a_redemption(v, page, browser_login) -> None:
    EarningRule.objects.create(
        activity="volunteer_order", unit="hour", points=100, valid_from=dt.date(2020, 1, 1)
    )
    store = Store.objects.create(community=v.world.east, name="东社区爱心超市")
    Item.objects.create(store=store, kind="goods", name="洗衣液", price=20, stock=5)
    page.set_default_timeout(30_000)  # the shared machine is slow under load
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 28.01, "longitude": 120.63})

    # The resident requests from the menu.
    _as(page, browser_login, v.resident, v.password)
    page.goto(page.base + "/volunteering/menu/")
    page.select_option("select[name=service]", label="上门理发")
    page.fill("textarea[name=description]", "周三上午在家")
    _shot(page, "menu")
    with page.expect_navigation():
        page.click("button:has-text('提交点单')")
    assert "已点单" in page.inner_text("h1")
    order_url = page.url

    # Staff publish it to all volunteers of the community.
    _as(page, browser_login, v.staff, v.password)
    page.goto(order_url)
    page.select_option("select[name=team]", value="")  # the menu item's usual team is preset
    with page.expect_navigation():
        page.click("button:has-text('下单')")
    assert "已下单" in page.inner_text("h1")

    # The volunteer takes it from the board near them, checks in and out on site.
    _as(page, browser_login, v.vol_user, v.password)
    page.goto(page.base + "/volunteering/open/")
    page.wait_for_url("**lon=*")
    _shot(page, "open")
    with page.expect_navigation():
        page.click("button:has-text('接单')")
    page.goto(order_url)
    _located_submit(page, "到达签到")
    assert "服务中" in page.inner_text("h1")
    _located_submit(page, "签退")
    assert "待确认" in page.inner_text("h1")

    # The resident confirms and rates.
    _as(page, browser_login, v.resident, v.password)
    page.goto(page.base + "/volunteering/orders/mine/")
    page.click("text=请确认并评价")
    page.click("label[for=star5]")
    page.fill("input[name=comment]", "理得很好")
    _shot(page, "confirm")
    with page.expect_navigation():
        page.click("button:has-text('确认并评价')")
    assert "已确认" in page.inner_text("h1")

    # Points appear for the volunteer, who redeems in the charity store.
    _as(page, browser_login, v.vol_user, v.password)
    page.goto(page.base + "/points/")
    assert int(page.inner_text("#balance")) == 25  # 0.25 h × 100 points
    page.goto(page.base + "/points/store/")
    with page.expect_navigation():
        page.click("form.redeem button")
    redemption = Redemption.objects.get(user=v.vol_user)
    page.goto(page.base + f"/points/redemptions/{redemption.pk}/")
    code = page.inner_text(".pickup-code").strip()
    assert code == redemption.pickup_code

    # Staff write off the pickup code at the counter.
    _as(page, browser_login, v.staff, v.password)
    page.goto(page.base + "/points/manage/pickup/")
    page.fill("input[name=code]", code)
    with page.expect_navigation():
        page.click("button:has-text('核销')")
    assert "已领取" in page.inner_text("#done")
    redemption.refresh_from_db()
    assert redemption.status == "picked_up"
    assert Item.objects.get().stock == 4
