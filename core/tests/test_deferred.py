"""Deferred messages: stored as msgid and params, rendered in the language of the reader."""

from __future__ import annotations

import json

from django.utils import translation
from django.utils.translation import gettext_lazy, pgettext_lazy

from core.i18n import Deferred, Localized, render


def test_it_stores_msgids_and_renders_them_in_the_readers_language():
    message = Deferred(
        gettext_lazy("Unknown %(what)s code %(code)s."),
        what=gettext_lazy("building"),
        code="B1",
    )
    data = json.loads(json.dumps(message.data()))
    assert data["message"] == "Unknown %(what)s code %(code)s."
    with translation.override("en"):
        assert render(data) == "Unknown building code B1."
    with translation.override("zh-hans"):
        assert render(data) == "未知的楼栋编码 B1。"


def test_it_keeps_context_lists_and_nested_messages():
    level = pgettext_lazy("area level", "Team")
    data = Deferred(
        gettext_lazy("Unknown level “%(value)s”; use one of: %(options)s."),
        value="x",
        options=[gettext_lazy("Grid"), level],
    ).data()
    assert data["params"]["options"][1] == {"message": "Team", "context": "area level"}
    with translation.override("en"):
        assert render(data) == "Unknown level “x”; use one of: Grid, Team."
    assert render(Deferred(Deferred(gettext_lazy("Grid"))).data()) == str(gettext_lazy("Grid"))


def test_it_shows_text_stored_without_params_as_written():
    with translation.override("en"):
        assert render({"message": "未知的楼栋编码 B1。"}) == "未知的楼栋编码 B1。"
        assert render({"message": "100%", "params": {}}) == "100%"
        # Plain text (not a msgid) is never looked up; a lost param shows the source text.
        assert render(Deferred("Grid").data()) == "Grid"
        assert render({"message": "%(gone)s here", "params": {}}) == "%(gone)s here"
        assert render({"message": "%(n)d rows", "params": {"x": 1}}) == "%(n)d rows"


def test_it_shows_a_localized_param_in_the_readers_language_else_the_sites():
    data = json.loads(
        json.dumps(
            Deferred(
                "%(number)s %(category)s",
                number="20261201-7",
                category=Localized({"zh-hans": "暴露垃圾", "en": "Exposed rubbish"}),
            ).data()
        )
    )
    assert data["params"]["category"] == {"texts": {"zh-hans": "暴露垃圾", "en": "Exposed rubbish"}}
    with translation.override("en"):
        assert render(data) == "20261201-7 Exposed rubbish"
    with translation.override("zh-hans"):
        assert render(data) == "20261201-7 暴露垃圾"
    # No English text: the site's language (zh-hans), whatever the reader's.
    chinese_only = Deferred("%(c)s", c=Localized({"zh-hans": "暴露垃圾", "en": ""})).data()
    with translation.override("en"):
        assert render(chinese_only) == "暴露垃圾"
    with translation.override("en-gb"):
        assert str(Localized({"zh-hans": "暴露垃圾", "en": "Exposed rubbish"})) == "Exposed rubbish"
    assert render(Deferred("%(c)s", c=Localized({})).data()) == ""
