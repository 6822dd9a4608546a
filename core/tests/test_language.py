from __future__ import annotations

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_it_speaks_chinese_even_to_an_english_browser(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "zh-hans"


def test_it_speaks_english_after_the_user_switches(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.headers["Content-Language"] == "en"
