"""A party secretary on a 390 px phone: logs in through the real form, opens the organisation
tree, opens a branch with its members (phones masked), adds a member and a party group
through the forms and sees both."""

from __future__ import annotations

import os
from typing import Any

import pytest

from party.models import OrgLevel, PartyMember, PartyOrganisation
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page: Any, name: str) -> None:
    folder = os.environ.get("LINLI_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"party-{name}.png"), full_page=True)


def fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_secretary_walks_the_tree_and_adds_a_member_and_a_group(
    p: Any, page: Any, browser_login: Any, menu_go: Any
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, p.secretary.phone, PASSWORD)
    assert page.url == page.base + "/"

    menu_go(page, "/party/")
    page.wait_for_url("**/party/")
    tree = page.locator("ul.tree").first
    assert p.east.name in tree.inner_text()
    assert p.west.name not in page.content()  # another community's committee stays hidden
    fits(page)
    shot(page, "tree")

    # The community's extended committee is the secretary's root; its branches show open.
    page.locator(f"ul.tree a[href='/party/org/{p.east_branch.pk}/']").click()
    page.wait_for_url(f"**/party/org/{p.east_branch.pk}/")
    assert p.east_branch.name in page.locator("h1").inner_text()
    members = page.locator("table").inner_text()
    assert p.member.name in members and p.retired.name in members
    assert "138****2222" in members and "13811112222" not in page.content()
    fits(page)
    shot(page, "branch")

    page.click(f"a[href='/party/org/{p.east_branch.pk}/members/add/']")
    page.fill("input[name=name]", "新党员")
    page.fill("input[name=phone]", "13855556666")
    page.fill("input[name=joined_on]", "2010-07-01")
    fits(page)
    page.click("form button[type=submit]")
    page.wait_for_url(f"**/party/org/{p.east_branch.pk}/")
    members = page.locator("table").inner_text()
    assert "新党员" in members and "138****6666" in members
    assert "13855556666" not in page.content()
    added = PartyMember.objects.get(name="新党员")
    assert added.organisation_id == p.east_branch.pk and added.phone == "13855556666"

    page.click(f"a[href='/party/org/{p.east_branch.pk}/add/']")
    page.fill("input[name=code]", "E1B1G2")
    page.fill("input[name=name]", "东第1网格第二党小组")
    page.select_option("select[name=area]", str(p.world.east_grid.pk))
    page.click("form button[type=submit]")
    page.wait_for_url(f"**/party/org/{p.east_branch.pk}/")
    below = page.locator("section.card", has_text="东第1网格第二党小组")
    assert below.count() == 1
    group = PartyOrganisation.objects.get(code="E1B1G2")
    assert group.level == OrgLevel.GROUP and group.parent_id == p.east_branch.pk
    fits(page)
    shot(page, "branch-after")

    page.click(f"a[href='/party/org/{group.pk}/']")
    assert "东第1网格第二党小组" in page.locator("h1").inner_text()
