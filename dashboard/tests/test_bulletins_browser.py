"""On a 390 px phone in Chinese: an office drafts a bulletin from the figures, edits a
sentence, picks a typical case with a before/after photo pair and publishes it; a resident
reads the published results and sees the photos chosen and nothing personal."""

from __future__ import annotations

import os
from typing import Any

import pytest

from dashboard.bulletins.models import Bulletin
from dashboard.tests.bulletin_world import bw  # noqa: F401
from tests.factories import PASSWORD


def _shot(page: Any, name: str) -> None:
    if os.environ.get("LINLI_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["LINLI_SCREENSHOTS"], name), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_office_publishes_and_a_resident_reads_the_results(
    page: Any,
    browser_login: Any,
    menu_go: Any,
    bw: Any,  # noqa: F811
) -> None:
    page.set_default_timeout(60_000)  # a shared machine under load serves slowly
    browser_login(page, bw.users["community_staff"].phone, PASSWORD)
    menu_go(page, "/dashboard/bulletins/")
    page.click("#draft-form summary")
    page.fill("#month", "2026-03")
    with page.expect_navigation():
        page.click("#draft-form button")
    assert "东社区2026年3月事件办理情况通报" in page.locator("h1").inner_text()
    assert page.locator("[data-status=draft]").count() == 1

    # Edit a sentence of the wording.
    page.click("#edit summary")
    body = page.input_value("#body")
    assert "请各单位对照通报抓好落实" in body
    page.fill("#body", body.replace("请各单位对照通报抓好落实", "请各网格对照通报立即整改"))
    with page.expect_navigation():
        page.click("#edit form button >> nth=0")
    assert "请各网格对照通报立即整改" in page.locator("#wording").inner_text()

    # Pick a typical case with its before and after photos.
    candidate = page.locator(f"[data-candidate='{bw.closed[0].pk}']")
    candidate.locator("summary").click()
    candidate.locator("textarea").fill("楼道堆放垃圾，网格员当天联系环卫清运完毕")
    candidate.locator(f"input[name=before][value='{bw.before.pk}']").check()
    candidate.locator(f"input[name=after][value='{bw.after.pk}']").check()
    candidate.locator("input[name=photos_checked]").check()
    with page.expect_navigation():
        candidate.locator("button").click()
    assert page.locator("#typical [data-typical] img").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, "bulletin-draft.png")

    with page.expect_navigation():
        page.click("#moves button")
    assert page.locator("[data-status=published]").count() == 1
    assert Bulletin.objects.get().status == "published"

    # The resident reads the results of their community.
    browser_login(page, bw.users["resident"].phone, PASSWORD, fresh=True)
    menu_go(page, "/dashboard/results/")
    assert "东社区成果晾晒" in page.locator("h1").inner_text()
    typical = page.locator("#typical [data-typical]")
    assert typical.count() == 1
    assert "楼道堆放垃圾" in typical.inner_text()
    images = typical.locator("img")
    assert images.count() == 2
    page.wait_for_function(
        "[...document.querySelectorAll('#typical img')].every(i => i.complete && i.naturalWidth > 0)"
    )
    sources = " ".join(images.nth(i).get_attribute("src") for i in range(2))
    assert bw.before.image.name in sources and bw.after.image.name in sources
    main = page.locator("main").inner_html()
    assert bw.report_photo.image.name not in main
    for word in ("张三", "李四", "13912345678", "101室", bw.closed[0].number):
        assert word not in main
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, "results.png")
