"""双向领办 in a phone-sized Chromium (390 px, zh-hans): a partner unit's member claims a need
for the unit, reports the delivery; the community's staff rate it; a resident rates it too."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD
from volunteering.models import Claim, ClaimStatus, NeedStatus
from volunteering.tests.claims import need, unit_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_unit_member_claims_a_need_delivers_and_the_community_rates_it(
    v, page, browser_login
) -> None:
    page.set_default_timeout(30_000)  # the shared machine is slow under load
    n = need(v)
    worker = unit_worker(v)

    # The member who works at the partner unit claims the need for it.
    browser_login(page, worker.phone, PASSWORD, fresh=True)
    page.goto(page.base + "/volunteering/claims/")
    assert "双向领办" in page.inner_text("h1")
    item = page.locator(f"li[data-need='{n.pk}']")
    item.locator("select[name=claimant]").select_option(label=v.unit.name)
    item.locator("input[name=plan]").fill("周六派电工上门")
    _fits(page)
    with page.expect_navigation():
        item.locator("button:has-text('领办')").click()
    assert "已领办" in page.inner_text("h1")
    assert v.unit.name in page.inner_text("[data-claimant]")

    # It reports the delivery.
    page.fill("textarea[name=report]", "更换了楼道灯12盏")
    with page.expect_navigation():
        page.click("button:has-text('报告完成')")
    assert "已完成待评价" in page.inner_text("h1")
    _fits(page)
    claim_url = page.url

    # The community's staff find it on the list of deliveries to rate and rate it.
    browser_login(page, v.staff.phone, PASSWORD, fresh=True)
    page.goto(page.base + "/volunteering/claims/?show=to_rate")
    with page.expect_navigation():
        page.click(f"text={n.title}")
    page.click("label[for=score4]")
    page.fill("#rate input[name=comment]", "及时高效")
    with page.expect_navigation():
        page.click("#rate button:has-text('评价')")
    assert "已评价" in page.inner_text("h1")
    assert "4★" in page.inner_text("[data-score]")

    # A resident of the community rates it too.
    browser_login(page, v.resident.phone, PASSWORD, fresh=True)
    page.goto(claim_url)
    page.click("label[for=star5]")
    with page.expect_navigation():
        page.click("#resident-rate button:has-text('评价')")
    assert "5★" in page.inner_text("body")
    _fits(page)

    claim = Claim.objects.get(need=n)
    n.refresh_from_db()
    assert claim.status == ClaimStatus.RATED and claim.score == 4
    assert n.status == NeedStatus.MET and claim.ratings.get().stars == 5
