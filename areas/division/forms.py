from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from areas.division.models import PlanMode
from core.forms import Form


class PlanForm(Form):
    area = forms.ChoiceField(label=_("Community or subdistrict"))
    mode = forms.ChoiceField(label=_("Mode"), choices=PlanMode.choices, initial=PlanMode.REDIVIDE)
    min_households = forms.IntegerField(
        label=_("Fewest households a grid"), min_value=1, initial=300
    )
    max_households = forms.IntegerField(label=_("Most households a grid"), min_value=1, initial=500)

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = areas  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lo, hi = data.get("min_households"), data.get("max_households")
        if lo is not None and hi is not None and lo > hi:
            raise forms.ValidationError(
                _("The fewest households (%(lo)d) are more than the most (%(hi)d).")
                % {"lo": lo, "hi": hi}
            )
        return data


class MicroGridForm(Form):
    size = forms.IntegerField(
        label=_("Households a micro-grid"), min_value=5, max_value=1000, initial=85
    )
