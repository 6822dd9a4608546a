"""居民自主发布 in a phone-sized Chromium (390 px, zh-hans): a resident posts a wish from the
menu, the community's staff edit it with a note and publish it, a party member finds it on
the wish wall, the resident reads its status; a second wish is declined with a reason the
resident reads."""

from __future__ import annotations

import os

import pytest

from volunteering.models import MicroWish, WishStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("LINLI_SCREENSHOTS", "")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _post(page, title: str) -> None:
    page.check("input[name=kind][value=wish]")
    page.fill("input[name=title]", title)
    page.fill("textarea[name=description]", "晚上写作业太暗，电话13912345678")
    with page.expect_navigation():
        page.click("form[data-form=post] button[type=submit]")


def test_a_resident_posts_a_wish_staff_review_it_and_members_see_it(
    v, page, browser_login, menu_go
) -> None:
    page.set_default_timeout(30_000)  # the shared machine is slow under load
    browser_login(page, v.resident.phone, v.password, fresh=True)
    page.goto(page.base + "/")
    menu_go(page, "/volunteering/posts/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _post(page, "想要一盏台灯")
    _post(page, "想要一台电视")
    _shot(page, "posts")
    assert page.locator("[data-status=submitted]").count() == 2

    # The community's staff edit the first with a note and publish it, decline the second.
    lamp, tv = (MicroWish.objects.get(title=t) for t in ("想要一盏台灯", "想要一台电视"))
    browser_login(page, v.staff.phone, v.password, fresh=True)
    page.goto(page.base + "/volunteering/staff/review/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    card = page.locator(f"[data-review=wish-{lamp.pk}]")
    card.locator("details summary").first.click()
    card.locator("input[name=title]").fill("一盏护眼台灯")
    card.locator("textarea[name=description]").fill("晚上写作业灯光太暗")
    card.locator("input[name=note]").first.fill("去掉了电话号码，由网格员联系")
    _shot(page, "review")
    with page.expect_navigation():
        card.locator("button[data-act=revise]").click()
    card = page.locator(f"[data-review=wish-{tv.pk}]")
    card.locator("details summary").nth(1).click()
    card.locator("form:has(button[data-act=decline]) input[name=note]").fill("价值较高，可申请救助")
    with page.expect_navigation():
        card.locator("button[data-act=decline]").click()
    assert MicroWish.objects.get(pk=lamp.pk).status == WishStatus.OPEN
    assert MicroWish.objects.get(pk=tv.pk).status == WishStatus.DECLINED

    # A party member finds the published wish on the wall, not the declined one.
    browser_login(page, v.vol2_user.phone, v.password, fresh=True)
    page.goto(page.base + "/volunteering/wishes/")
    wall = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
    assert "一盏护眼台灯" in wall and "想要一台电视" not in wall
    page.goto(page.base + f"/volunteering/wishes/{lamp.pk}/")
    assert "13912345678" not in page.inner_text("body")

    # The resident reads the status, the note and the reason.
    browser_login(page, v.resident.phone, v.password, fresh=True)
    page.goto(page.base + "/volunteering/posts/")
    _shot(page, "posts-reviewed")
    assert page.locator(f"[data-post=wish-{lamp.pk}][data-status=open]").count() == 1
    assert "去掉了电话号码" in page.inner_text(f"[data-post=wish-{lamp.pk}]")
    declined = page.inner_text(f"[data-post=wish-{tv.pk}]")
    assert "价值较高，可申请救助" in declined and "未通过" in declined
