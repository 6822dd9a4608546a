"""The area browser, registers and resident card in Chinese, and in English after the switch."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tests.i18n import english_words, visible_text

pytestmark = pytest.mark.django_db


def _pages(world, client):
    household = world.east_households[0]
    resident = household.residents.get()
    get = client.get
    return {
        "browse": visible_text(get(reverse("areas:browse"))),
        "district": visible_text(get(reverse("areas:area", args=[world.district.code]))),
        "community": visible_text(get(reverse("areas:area", args=[world.east.code]))),
        "grid": visible_text(get(reverse("areas:area", args=[world.east_grid.code]))),
        "building": visible_text(get(reverse("areas:building", args=[world.east_building.code]))),
        "household": visible_text(get(reverse("areas:household", args=[household.code]))),
        "resident": visible_text(get(reverse("areas:resident", args=[resident.code]))),
        "edit": visible_text(get(reverse("areas:edit_resident", args=[resident.code]))),
        "special": visible_text(get(reverse("areas:special", args=[world.east.code]))),
    }


def test_it_shows_the_area_browser_and_registers_in_chinese(world, login):
    pages = _pages(world, login(world.users["admin"]))
    assert "按名称或编码搜索区域" in pages["browse"]
    assert "户数" in pages["district"] and "居民数" in pages["district"]
    assert "街道" in pages["district"] and "名称" in pages["district"]
    assert "特殊人群" in pages["community"] and "独居老人" in pages["community"]
    assert "定岗网格" in pages["grid"] and "网格员" in pages["grid"] and "住户" in pages["grid"]
    assert "层数" in pages["building"] and "登记户数" in pages["building"]
    assert "房号" in pages["household"] and "户主" in pages["household"]
    assert "居民信息卡" in pages["resident"] and "身份证号" in pages["resident"]
    assert "性别" in pages["resident"] and "女" in pages["resident"]
    assert "留空则保留原号码。" in pages["edit"] and "残疾人" in pages["edit"]
    assert "共 1 人" in pages["special"]
    for name, text in pages.items():
        assert english_words(text) == set(), name


def test_it_shows_the_audit_log_in_chinese(world, login):
    client = login(world.users["community_staff"])
    resident = world.east_households[0].residents.get()
    client.post(reverse("areas:reveal", args=[resident.code]))
    page = visible_text(client.get(reverse("areas:audit")))
    assert "审计日志" in page and "筛选" in page and "区域编码" in page
    assert "查看完整电话和身份证号" in page and "完整显示：电话、身份证号" in page
    assert not {"Audit", "Filter", "Action", "Full", "revealed", "phone"} & english_words(page)
    client.post(
        reverse("areas:edit_resident", args=[resident.code]),
        {
            "name": resident.name,
            "gender": "M",
            "birth_date": "1950-01-01",
            "is_head": "on",
        },
    )
    page = visible_text(client.get(reverse("areas:audit")))
    assert "修改居民信息" in page and "性别：女 → 男" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = visible_text(client.get(reverse("areas:audit")))
    assert "Resident record changed" in page and "gender: Female → Male" in page
    assert "Shown in full: phone, ID number" in page


def test_it_shows_the_area_pages_in_english_after_the_switch(world, login):
    client = login(world.users["admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pages = _pages(world, client)
    assert "Search areas by name or code" in pages["browse"]
    assert "Households" in pages["district"] and "Subdistrict" in pages["district"]
    assert "Grid workers" in pages["grid"] and "Buildings" in pages["grid"]
    assert "Resident info card" in pages["resident"] and "Female" in pages["resident"]
    assert "Elderly living alone" in pages["special"]
    assert "居民信息卡" not in pages["resident"] and "户数" not in pages["district"]


def test_it_fills_date_inputs_with_iso_dates_in_chinese(world, login):
    """A date input takes only 1950-01-01; the Chinese date format (1950/01/01) would leave it
    empty, and saving the form unchanged would then erase the birth date."""
    client = login(world.users["community_staff"])
    resident = world.east_households[0].residents.get()
    form = client.get(reverse("areas:edit_resident", args=[resident.code])).content.decode()
    assert 'type="date" name="birth_date" value="1950-01-01"' in form
