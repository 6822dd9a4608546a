"""The inbox and home pages in Chinese, and in English after the switch."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from core.notify import notify
from tests.i18n import english_words, visible_text

pytestmark = pytest.mark.django_db


def test_it_shows_the_inbox_and_home_in_chinese(world, login):
    client = login(world.users["community_staff"])
    inbox = visible_text(client.get(reverse("core:inbox")))
    assert "消息" in inbox and "暂无消息。" in inbox
    home = visible_text(client.get(reverse("home")))
    assert "社区工作者" in home and "东社区" in home
    assert "户数" in home and "居民数" in home and "退出" in home and "住户" not in home
    assert english_words(inbox) == set() and english_words(home) == set()


def test_it_shows_the_inbox_in_english_after_the_switch(world, login):
    client = login(world.users["community_staff"])
    notify([world.users["community_staff"]], "新案件")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    inbox = visible_text(client.get(reverse("core:inbox")))
    assert "Inbox" in inbox and "新案件" in inbox
    home = visible_text(client.get(reverse("home")))
    assert "Community staff" in home and "社区工作者" not in home


def test_it_shows_a_missing_page_in_chinese_and_english_after_the_switch(world, login):
    client = login(world.users["resident"])
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "页面不存在" in visible_text(response)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Page not found" in visible_text(client.get("/no-such-page/"))
