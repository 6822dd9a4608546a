"""On a 390 px phone: a branch secretary posts a member as a sentinel at a building of the
grid; the grid's page lists the post and its map shows it with the legend."""

from __future__ import annotations

from typing import Any

import pytest

from core import timeutil
from party.posts.models import ServicePost
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_secretary_posts_a_member_and_the_grid_shows_it(p: Any, page: Any, browser_login: Any):
    page.set_default_timeout(30_000)
    browser_login(page, p.secretary.phone, PASSWORD)
    page.goto(page.base + f"/party/org/{p.east_branch.pk}/")
    page.click("text=党员设岗")
    page.wait_for_url(f"**/party/org/{p.east_branch.pk}/posts/add/")
    page.select_option("select[name=member]", str(p.member.pk))
    page.select_option("select[name=kind]", "sentinel")
    page.fill("input[name=duty]", "巡查消防通道")
    page.select_option("select[name=grid]", str(p.world.east_grid.pk))
    page.fill("input[name=building_code]", p.world.east_building.code)
    page.fill("input[name=place]", "东门")
    page.fill("input[name=lon]", "120.631")
    page.fill("input[name=lat]", "28.011")
    page.fill("input[name=since]", timeutil.today().isoformat())
    fits(page)
    page.click("form button[type=submit]")
    page.wait_for_url("**/party/posts/")
    post = ServicePost.objects.get()
    assert "巡查消防通道" in page.inner_text(f"li[data-post='{post.pk}']")
    fits(page)

    page.goto(page.base + f"/areas/a/{p.world.east_grid.code}/")
    assert "巡查消防通道" in page.inner_text("#service-posts + ul")
    page.wait_for_selector("#area-map[data-ready='1']")
    assert page.locator("path.linli-post-sentinel").count() == 1
    assert "党员哨点" in page.inner_text(".linli-legend")
    assert p.member.phone not in page.content()
    fits(page)
