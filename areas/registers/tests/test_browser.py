from __future__ import annotations

import os

import pytest

from tests.factories import PASSWORD

from .helpers import HOUSEHOLD_HEADER, csv_bytes, household_rows


def shot(page, name):
    folder = os.environ.get("LINLI_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"registers-{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_imports_a_file_from_the_registers_page_on_a_phone(world, page, browser_login, tmp_path):
    browser_login(page, "13700000002", PASSWORD)
    page.goto(page.base + "/registers/")
    assert page.locator("h1").inner_text() == "台账"
    shot(page, "index")
    rows = household_rows(2)
    rows[1][1] = "NOPE"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([HOUSEHOLD_HEADER, *rows]))
    page.set_input_files("input[name=file]", str(bad))
    page.select_option("select[name=register]", "households")
    page.click("button:has-text('检查并导入')")
    page.wait_for_selector("table.row-errors")
    assert "NOPE" in page.locator("table.row-errors").inner_text()
    shot(page, "rejected")
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([HOUSEHOLD_HEADER, *household_rows(2)]))
    page.goto(page.base + "/registers/")
    page.set_input_files("input[name=file]", str(good))
    page.select_option("select[name=register]", "households")
    page.click("button:has-text('检查并导入')")
    page.wait_for_selector("dd.created")
    assert page.locator("dd.created").inner_text() == "2"
    shot(page, "done")
