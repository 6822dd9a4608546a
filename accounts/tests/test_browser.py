"""On a 390 px phone: community staff give a new grid worker an account, the worker logs in
and changes the initial password."""

from __future__ import annotations

import os
from typing import Any

import pytest

from accounts.models import User
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page: Any, name: str) -> None:
    folder = os.environ.get("LINLI_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"accounts-{name}.png"), full_page=True)


def test_it_gives_a_worker_an_account_who_then_changes_the_password(
    world: Any, page: Any, browser_login: Any, menu_go: Any
) -> None:
    browser_login(page, world.users["community_staff"].phone, PASSWORD)
    menu_go(page, "/accounts/people/")
    assert world.users["grid_worker"].name in page.locator("#people").inner_text()
    assert world.users["outsider"].name not in page.locator("#people").inner_text()
    shot(page, "people")
    page.click("a[href='/accounts/people/new/']")
    page.fill("input[name=phone]", "13912340000")
    page.fill("input[name=name]", "新网格员")
    page.fill("input[name=password]", "first-pass-2026")
    page.select_option("select[name=role]", "grid_worker")
    page.fill("input[name=area]", world.east_grid.code)
    page.fill("input[name=duty]", "巡查走访")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "new")
    page.click("#new-account button[type=submit]")
    page.wait_for_selector("#roles")
    assert "新网格员" in page.locator("h1").inner_text()
    assert world.east_grid.name in page.locator("#roles").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "person")

    browser_login(page, "13912340000", "first-pass-2026", fresh=True)
    page.goto(page.base + "/accounts/password/")
    page.fill("input[name=old_password]", "first-pass-2026")
    page.fill("input[name=new_password1]", "my-own-pass-2026")
    page.fill("input[name=new_password2]", "my-own-pass-2026")
    page.click("#password-form button[type=submit]")
    page.wait_for_url(page.base + "/")
    assert User.objects.get(phone="13912340000").check_password("my-own-pass-2026")
    # The new worker reaches its grid and no other.
    page.goto(f"{page.base}/areas/a/{world.east_grid.code}/")
    page.wait_for_selector("#households")
    response = page.goto(f"{page.base}/areas/a/{world.west_grid.code}/")
    assert response is not None and response.status == 404
