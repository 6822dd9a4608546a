"""Consultation in a phone-sized Chromium (390 px, zh-hans): a resident proposes a topic, a
neighbouring household supports it, the office puts it on a meeting and opens the vote, the
resident votes, the meeting decides and publishes, and the resident reads the result on the
published page."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD
from volunteering.consultation.models import Topic, TopicStatus
from volunteering.tests.consultation import resident_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(f"{selector} button[type=submit]")


def test_a_resident_proposal_is_supported_decided_and_published(
    world, page, browser_login, menu_go
) -> None:
    page.set_default_timeout(30_000)  # the shared machine is slow under load
    resident = world.users["resident"]
    neighbour = resident_user(world, world.east_households[1], "13800000501", "东邻居")
    staff = world.users["community_staff"]

    # The resident proposes a topic from the menu.
    browser_login(page, resident.phone, PASSWORD, fresh=True)
    menu_go(page, "/volunteering/consultation/")
    assert "社区议事" in page.inner_text("h1")
    _fits(page)
    page.fill("#propose input[name=title]", "增设电动车充电桩")
    page.fill("#propose textarea[name=description]", "楼道里充电有火灾隐患")
    _submit(page, "#propose")
    assert "征集支持" in page.inner_text("h1")
    topic = Topic.objects.get(title="增设电动车充电桩")

    # The neighbouring household finds it waiting for its support and supports it.
    browser_login(page, neighbour.phone, PASSWORD, fresh=True)
    page.goto(page.base + "/volunteering/consultation/?show=open")
    with page.expect_navigation():
        page.click("text=增设电动车充电桩")
    _submit(page, "#support")
    assert "可上会" in page.inner_text("h1")
    _fits(page)

    # The office plans a meeting, puts the topic on it with an open vote, and opens the vote.
    browser_login(page, staff.phone, PASSWORD, fresh=True)
    page.goto(page.base + "/volunteering/consultation/")
    page.fill("#plan input[name=title]", "本月居民议事会")
    _fits(page)
    _submit(page, "#plan")
    page.goto(page.base + "/volunteering/consultation/?show=eligible")
    with page.expect_navigation():
        page.click("text=增设电动车充电桩")
    page.select_option("#schedule select[name=vote_mode]", "open")
    _submit(page, "#schedule")
    _submit(page, "#open-vote")
    assert "表决中" in page.inner_text("h1")

    # The resident votes for it.
    browser_login(page, resident.phone, PASSWORD, fresh=True)
    page.goto(page.base + f"/volunteering/consultation/topics/{topic.pk}/")
    page.check("#vote input[value=for]")
    _submit(page, "#vote")
    assert page.locator("#voted").is_visible()
    _fits(page)

    # The office records the decision, the minutes, and publishes the record.
    browser_login(page, staff.phone, PASSWORD, fresh=True)
    page.goto(page.base + f"/volunteering/consultation/topics/{topic.pk}/")
    page.fill("#decide textarea[name=decision]", "在小区东门增设充电棚")
    _submit(page, "#decide")
    assert "已决定" in page.inner_text("h1")
    page.fill("#add-follow-up input[name=text]", "联系供电所接电")
    page.fill("#add-follow-up input[name=owner_name]", "物业公司")
    page.fill("#add-follow-up input[name=deadline]", "2099-01-31")
    _submit(page, "#add-follow-up")
    with page.expect_navigation():
        page.click("dd a")  # the meeting
    page.fill("#minute input[name=attendance]", "20")
    page.fill("#minute textarea[name=minutes]", "各方充分协商")
    _submit(page, "#minute")
    _submit(page, "#publish")
    assert "已公开" in page.inner_text("h1")

    # The resident reads the result on the published page.
    browser_login(page, resident.phone, PASSWORD, fresh=True)
    page.goto(page.base + "/volunteering/consultation/")
    with page.expect_navigation():
        page.click("#published-link")
    text = page.inner_text("main")
    assert "在小区东门增设充电棚" in text and "联系供电所接电" in text and "通过" in text
    assert "东邻居" not in text and neighbour.phone not in text
    _fits(page)
    topic.refresh_from_db()
    assert topic.status == TopicStatus.DECIDED and topic.carried is True
