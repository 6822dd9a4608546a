"""A grid worker on a 390 px phone records a household visit; the first submission's answer is
lost on a weak signal, the worker opens the form again (the draft and its idempotency key come
back) and sends it again: one visit. From the visit the worker opens a case, already linked to
the household."""

from __future__ import annotations

import contextlib
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from fieldwork.models import Visit
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HERE = {"longitude": 120.6301, "latitude": 28.0101}  # beside the east building


@pytest.fixture
def _clock() -> Any:
    """The browser needs the clock running: the live server uses today's date."""
    yield


@pytest.fixture
def phone(chromium: Any, live_server: Any) -> Any:
    context = chromium.new_context(
        viewport={"width": 390, "height": 844},
        locale="zh-CN",
        geolocation=HERE,
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    yield page
    context.close()


def test_a_grid_worker_records_a_visit_once_and_opens_a_case_from_it(
    world: Any, phone: Any, browser_login: Any, tmp_path: Any
) -> None:
    from cases.models import Case, Category
    from cases.seed import seed_categories

    seed_categories(Category)
    page = phone
    worker = world.users["grid_worker"]
    household = world.east_households[0]
    browser_login(page, worker.phone, PASSWORD)

    page.goto(page.base + "/fieldwork/visits/overdue/")
    page.click(f"a[href='/fieldwork/visits/new/?household={household.code}']")
    page.select_option("#id_kind", "care")
    page.fill("#id_found", "独居老人身体尚可，家中整洁")
    page.fill("#id_needs", "楼道灯坏了，晚上看不见")
    expect(page.locator("#location-state")).to_have_text("已定位。")
    assert page.evaluate("document.body.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "visit-form.png"), full_page=True)

    # The signal drops: the server records the visit, the answer never reaches the phone.
    def lose_answer(route: Any) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        route.fetch(max_redirects=0)
        route.abort("internetdisconnected")

    form_url = re.compile(r".*/fieldwork/visits/new/.*")
    page.route(form_url, lose_answer)
    with contextlib.suppress(Exception):  # the failed navigation
        page.click("#visit-form button[type=submit]")
    page.wait_for_timeout(500)
    assert Visit.objects.count() == 1
    page.unroute(form_url)
    assert "/fieldwork/visits/new/" in page.url or page.url.startswith("chrome-error")

    # The worker opens the form again: what was typed is back, and sent again.
    page.goto(f"{page.base}/fieldwork/visits/new/?household={household.code}")
    expect(page.locator("#draft-state")).to_be_visible()
    expect(page.locator("#id_found")).to_have_value("独居老人身体尚可，家中整洁")
    page.click("#visit-form button[type=submit]")
    page.wait_for_selector("#visit")
    visit = Visit.objects.get()
    assert page.url.endswith(f"/fieldwork/visits/{visit.pk}/")
    assert visit.distance_m is not None and visit.distance_m < 50
    expect(page.locator("#visit")).to_contain_text("楼道灯坏了")
    page.screenshot(path=str(tmp_path / "visit.png"), full_page=True)

    # One step to a case about the household.
    page.click(f"#from-visit a[href='/cases/report/?visit={visit.pk}']")
    expect(page.locator("#from-visit")).to_be_visible()
    expect(page.locator("#id_description")).to_have_value("楼道灯坏了，晚上看不见")
    page.select_option("#id_category", "S0101")
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("#case-status")
    case = Case.objects.get()
    assert case.visit_id == visit.pk and case.building_id == world.east_building.pk

    page.goto(f"{page.base}/fieldwork/visits/{visit.pk}/")
    expect(page.locator(f"#from-visit a[href='/cases/{case.pk}/']")).to_be_visible()
    # The draft was cleared once the visit was recorded.
    assert page.evaluate(f"localStorage.getItem('visit-draft:{household.code}')") is None
