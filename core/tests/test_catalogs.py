"""Each app's catalog is what the pages show: no other catalog (an earlier app's or Django's
own) renders one of its messages otherwise. Django merges all catalogs into one, so the same
msgid translated differently in two apps shows one app's words on the other's pages: ambiguous
words need a context (pgettext, {% translate "…" context "…" %})."""

from __future__ import annotations

import pytest

from tests.i18n import catalog, overridden, po_entries

# Every app and sub-app with a catalog of its own, in INSTALLED_APPS order.
APPS = [
    "core",
    "accounts",
    "areas",
    "registers",
    "division",
    "party",
    "activities",
    "points",
    "volunteering",
    "cases",
    "open311",
    "indicators",
    "dashboard",
    "linli",
]


def _key(entry) -> str:
    return f"{entry['msgctxt']}\x04{entry['msgid']}" if entry["msgctxt"] else entry["msgid"]


@pytest.mark.parametrize("language", ["zh_Hans", "en"])
@pytest.mark.parametrize("app_label", APPS)
def test_it_shows_each_apps_own_translations(app_label, language):
    assert catalog(app_label, language), "the catalog is empty"
    assert overridden(app_label, language) == []


@pytest.mark.parametrize("app_label", APPS)
def test_it_translates_every_message_into_chinese(app_label):
    untranslated = [
        _key(e)
        for e in po_entries(app_label, "zh_Hans")
        if e["fuzzy"] or not all(e["msgstrs"].values())
    ]
    assert untranslated == [], "messages without a (settled) Chinese translation"


@pytest.mark.parametrize("app_label", APPS)
def test_it_keeps_both_catalogs_of_an_app_in_step(app_label):
    zh = {_key(e) for e in po_entries(app_label, "zh_Hans")}
    assert zh == {_key(e) for e in po_entries(app_label, "en")}, "run make messages"
    compiled = {k[0] if isinstance(k, tuple) else k for k in catalog(app_label, "zh_Hans")}
    assert compiled - {""} == zh, "compile the catalog (make messages)"
