"""Each app's catalog is what the pages show: no other catalog (an earlier app's or Django's
own) renders one of its messages otherwise. Ambiguous words need a context (pgettext)."""

from __future__ import annotations

import pytest

from tests.i18n import catalog, overridden

APPS = ["core", "accounts", "areas", "party", "linli"]


@pytest.mark.parametrize("language", ["zh_Hans", "en"])
@pytest.mark.parametrize("app_label", APPS)
def test_it_shows_each_apps_own_translations(app_label, language):
    assert catalog(app_label, language), "the catalog is empty"
    assert overridden(app_label, language) == []


@pytest.mark.parametrize("app_label", APPS)
def test_it_translates_every_message_into_chinese(app_label):
    def msgids(language):
        return {k[0] if isinstance(k, tuple) else k for k in catalog(app_label, language)}

    assert msgids("en") - msgids("zh_Hans") == set(), "messages without a Chinese translation"
