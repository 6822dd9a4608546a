"""Labels stand above their fields: no ":" after them, in Chinese or English."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

SUFFIXED_LABEL = re.compile(r"[:：]\s*</label>")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_it_renders_form_labels_without_a_colon(world, client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    login_page = client.get(reverse("accounts:login")).content.decode()
    assert "<label" in login_page and not SUFFIXED_LABEL.search(login_page)
    client.force_login(world.users["community_staff"])
    for url in (reverse("accounts:new"), reverse("points:stores")):
        page = client.get(url).content.decode()
        assert "<label" in page and not SUFFIXED_LABEL.search(page), url
