"""On a 390 px phone: a grid worker's home lists what waits, each count matching the page it
opens; the grouped menu opens by domain; staff find a resident by pinyin initials, masked."""

from __future__ import annotations

from typing import Any

import pytest

from cases import actions as A
from cases.models import Case, Category
from cases.seed import seed_categories
from cases.tests.helpers import EAST, report
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def count_of(page: Any, key: str) -> int:
    return int(page.get_attribute(f"[data-line='{key}']", "data-count"))


def test_a_grid_workers_home_counts_match_the_pages_they_open(
    world: Any, page: Any, browser_login: Any
) -> None:
    seed_categories(Category)
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    cases = [report(world, at=EAST) for _ in range(3)]
    for c in cases:
        A.do_accept_case(c, actor=staff)
        A.do_dispatch_case(c, to=worker, actor=staff)
    Case.objects.filter(pk=cases[0].pk).update(overdue=True)

    browser_login(page, worker.phone, PASSWORD)
    assert count_of(page, "cases.to_handle") == 3
    assert count_of(page, "cases.tasks_overdue") == 1
    # Overdue first: an urgent line leads the list.
    assert page.locator(".todo-line").first.get_attribute("data-line") == "cases.tasks_overdue"
    fits(page)
    page.click("[data-line='cases.tasks_overdue'] a")
    page.wait_for_url("**/cases/tasks/?overdue=1")
    assert page.locator("a.case-item").count() == 1
    page.go_back()
    page.click("[data-line='cases.to_handle'] a")
    page.wait_for_url("**/cases/tasks/")
    assert page.locator("a.case-item").count() == 3
    fits(page)

    # The menu: folded behind ☰, its domains open in place.
    assert not page.locator("nav.nav").is_visible()
    page.click("label.nav-button")
    group = page.locator("details.nav-group[data-group='cases']")
    group.locator("summary").click()
    assert group.locator("a[href='/cases/tasks/']").is_visible()
    assert page.locator("nav.nav > a, nav.nav > details").count() <= 7
    fits(page)


def test_staff_find_a_resident_by_pinyin_initials_masked(
    world: Any, page: Any, browser_login: Any
) -> None:
    person = world.east_households[0].residents.get()
    person.name = "郭宁敏"
    person.save()
    browser_login(page, world.users["community_staff"].phone, PASSWORD)
    box = page.locator("form.header-search input[name=q]")
    assert box.is_visible()
    box.fill("gnm")
    with page.expect_navigation():
        box.press("Enter")
    row = page.locator(f"li[data-resident='{person.code}']")
    text = row.inner_text()
    assert "郭宁敏" in text and "139****5001" in text and person.phone not in text
    assert person.id_number not in page.content()
    fits(page)
    row.locator("a").click()
    page.wait_for_url(f"**/areas/r/{person.code}/")
    assert person.phone not in page.content()  # the card masks too; its reveal is audited
