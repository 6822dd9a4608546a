"""Party pages in Chinese, and in English after the switch."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from party.models import CrossAppointment
from tests.i18n import english_words, visible_text

pytestmark = pytest.mark.django_db


def _pages(p, client):
    CrossAppointment.objects.get_or_create(
        member=p.member, body=CrossAppointment.Body.OWNERS_COMMITTEE, position="委员"
    )
    get = client.get
    return {
        "index": visible_text(get(reverse("party:index"))),
        "branch": visible_text(get(reverse("party:organisation", args=[p.east_branch.pk]))),
        "registrations": visible_text(
            get(reverse("party:registrations"), {"community": p.world.east.code})
        ),
        "cross": visible_text(get(reverse("party:cross_appointments"))),
        "partners": visible_text(get(reverse("party:partners"))),
        "add_member": visible_text(get(reverse("party:add_member", args=[p.east_branch.pk]))),
    }


def test_it_shows_the_party_pages_in_chinese(p, login):
    pages = _pages(p, login(p.secretary))
    assert "党组织" in pages["index"] and "在职党员双报到" in pages["index"]
    assert "党支部" in pages["branch"] and "书记" in pages["branch"]
    assert "交叉任职" in pages["branch"] and "新增" in pages["branch"]
    assert "业主委员会" in pages["cross"] or "业委会" in pages["cross"]
    assert "共建单位" in pages["partners"]
    assert "双报到" in pages["add_member"]
    for name, text in pages.items():
        assert english_words(text) == set(), name


def test_it_shows_the_party_pages_in_english_after_the_switch(p, login):
    client = login(p.secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pages = _pages(p, client)
    assert "Party organisations" in pages["index"]
    assert "Party branch" in pages["branch"] and "Cross-appointments" in pages["branch"]
    assert "Partner units" in pages["partners"] and "共建单位" not in pages["partners"]


def test_it_fills_date_inputs_with_iso_dates_in_chinese(p, login):
    form = login(p.secretary).get(reverse("party:edit_member", args=[p.member.pk]))
    assert 'value="2026-03-01"' in form.content.decode()
