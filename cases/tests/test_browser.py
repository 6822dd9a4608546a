from typing import Any

import pytest
from playwright.sync_api import expect

from cases.models import Case
from cases.tests.helpers import EAST
from cases.workflow import Status
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page: Any, browser_login: Any, user: Any) -> None:
    browser_login(page, user.phone, PASSWORD, fresh=True)


def test_it_runs_the_full_loop_in_the_browser(
    world: Any, page: Any, browser_login: Any, tmp_path: Any
) -> None:
    resident, staff, worker = (
        world.users[k] for k in ("resident", "community_staff", "grid_worker")
    )
    from cases.tests.helpers import jpeg

    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg().read())

    _as(page, browser_login, resident)
    page.goto(page.base + "/cases/report/")
    page.select_option("#id_category", "S0101")
    page.fill("#id_description", "小区门口垃圾堆了三天")
    # A resident's map opens on their building, names their grid and has no lon/lat boxes:
    # the pin fills the hidden inputs.
    expect(page.locator("#my-place")).to_contain_text(world.east_grid.name)
    expect(page.locator("#id_lon")).to_be_hidden()
    page.wait_for_selector("#pin-map path.leaflet-interactive")
    page.click("#pin-map")
    building = world.east_households[0].building
    lon = float(page.input_value("#id_lon"))
    lat = float(page.input_value("#id_lat"))
    assert abs(lon - building.lon) < 0.001 and abs(lat - building.lat) < 0.001
    page.set_input_files("#id_photos", str(photo))
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("#case-status")
    expect(page.locator("#case-status")).to_have_text("已上报")
    case = Case.objects.get()
    detail = f"{page.base}/cases/{case.pk}/"

    _as(page, browser_login, staff)
    page.goto(detail)
    page.click("#do-accept")
    expect(page.locator("#case-status")).to_have_text("已受理")
    page.select_option("#dispatch-to", str(worker.pk))
    page.click("#do-dispatch")
    expect(page.locator("#case-status")).to_have_text("已派遣")

    _as(page, browser_login, worker)
    page.goto(page.base + "/cases/tasks/")
    page.click(f"a[href='/cases/{case.pk}/']")
    page.fill("#handle-note", "已清运")
    page.set_input_files("#handle-photos", str(photo))
    page.click("#do-handle")
    expect(page.locator("#case-status")).to_have_text("已处置")

    _as(page, browser_login, staff)
    page.goto(detail)
    page.click("#do-verify")
    expect(page.locator("#case-status")).to_have_text("已核查")
    page.click("#do-close")
    expect(page.locator("#case-status")).to_have_text("已结案")

    _as(page, browser_login, resident)
    page.goto(detail)
    page.check("input[name=score][value='5']")
    page.click("#do-rate")
    page.wait_for_selector("text=5 / 5")
    page.screenshot(path=str(tmp_path / "detail.png"), full_page=True)
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.rating == 5
    assert [t.action for t in case.transitions.all()] == [
        "report",
        "accept",
        "dispatch",
        "handle",
        "verify_pass",
        "close",
        "rate",
    ]
    assert "★★★★★" in page.inner_text("#timeline")
    assert case.photos.count() == 2


def test_a_refused_report_keeps_its_photos_in_the_browser(
    world: Any, page: Any, browser_login: Any, tmp_path: Any
) -> None:
    """A worker forgets the location: the page says so and still shows the two photos, and
    the corrected report stores them without choosing them again."""
    from cases.models import CasePhoto
    from cases.tests.helpers import jpeg

    files = []
    for name in ("a.jpg", "b.jpg"):
        path = tmp_path / name
        path.write_bytes(jpeg(name=name).read())
        files.append(str(path))
    _as(page, browser_login, world.users["grid_worker"])
    page.goto(page.base + "/cases/report/")
    page.select_option("#id_category", "S0101")
    page.fill("#id_description", "井盖松动")
    page.set_input_files("#id_photos", files)
    page.click("#report-form button[type=submit]")
    expect(page.locator("text=请给出位置")).to_be_visible()
    expect(page.locator("#kept-photos img")).to_have_count(2)
    expect(page.locator("#id_description")).to_have_value("井盖松动")
    page.screenshot(path=str(tmp_path / "kept.png"), full_page=True)
    page.fill("#id_lon", str(EAST[0]))
    page.fill("#id_lat", str(EAST[1]))
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("#case-status")
    case = Case.objects.get()
    assert CasePhoto.objects.filter(case=case).count() == 2
    expect(page.locator(".photos img")).to_have_count(2)
    # The page's signed addresses serve the photos (nothing under /media/ is public).
    page.locator(".photos img").first.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.photos img')]"
        ".every(i => i.complete && i.naturalWidth > 0)"
    )
