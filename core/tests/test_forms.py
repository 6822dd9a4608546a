from __future__ import annotations

import pytest
from django import forms
from django.utils import translation

from areas.models import Area
from core.forms import Form

pytestmark = pytest.mark.django_db


class _Pick(Form):
    area = forms.ModelChoiceField(Area.objects.all(), required=False)
    size = forms.ChoiceField(choices=[("", "---------"), ("s", "S")], required=False)
    named = forms.ModelChoiceField(Area.objects.all(), required=False, empty_label="(none)")


@pytest.mark.parametrize("language, expected", [("zh-hans", "请选择"), ("en", "choose")])
def test_a_select_offers_its_empty_choice_in_the_readers_language(language, expected):
    with translation.override(language):
        html = str(_Pick().as_p())
    assert "---------" not in html
    assert html.count(expected) == 2
    assert "(none)" in html  # a form's own empty label stays
