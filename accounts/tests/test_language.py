"""Login and account pages in Chinese, and in English after the switch."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tests.i18n import english_words, visible_text

pytestmark = pytest.mark.django_db


def _pages(world, client):
    worker = world.users["grid_worker"]
    return {
        "people": visible_text(client.get(reverse("accounts:people"))),
        "person": visible_text(client.get(reverse("accounts:person", args=[worker.pk]))),
        "new": visible_text(client.get(reverse("accounts:new"))),
        "password": visible_text(client.get(reverse("accounts:password"))),
    }


def test_it_shows_the_login_page_in_chinese(client, world):
    page = visible_text(client.get(reverse("accounts:login")))
    assert "手机号" in page and "登录" in page
    assert english_words(page) == set()
    refused = client.post(reverse("accounts:login"), {"username": "13700000002", "password": "x"})
    assert "手机号或密码错误。" in visible_text(refused)


def test_it_shows_the_account_pages_in_chinese(world, login):
    pages = _pages(world, login(world.users["community_staff"]))
    assert "账号管理" in pages["people"] and "新建账号" in pages["people"]
    assert "专职网格员" in pages["person"] and "授予角色" in pages["person"]
    assert "初始密码" in pages["new"] and "角色" in pages["new"]
    assert "修改我的密码" in pages["password"]
    for name, text in pages.items():
        assert english_words(text) == set(), name


def test_it_shows_the_login_and_account_pages_in_english_after_the_switch(world, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = visible_text(client.get(reverse("accounts:login")))
    assert "Phone" in page and "手机号" not in page
    client.force_login(world.users["community_staff"])
    pages = _pages(world, client)
    assert "Accounts" in pages["people"] and "账号管理" not in pages["people"]
    assert "Grid worker (full-time)" in pages["person"] and "Grant a role" in pages["person"]
    assert "Initial password" in pages["new"]
