"""The assessment's forms; each hands its cleaned data to one action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dashboard.models import ItemKey


class ComputeForm(forms.Form):
    area = forms.ChoiceField(label=_("Subdistrict"))
    month = forms.ChoiceField(label=_("Month"))

    def __init__(self, *args: Any, areas: list[Any], months: list[Any], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["area"].choices = [(a.code, a.name) for a in areas]  # type: ignore[attr-defined]
        self.fields["month"].choices = [  # type: ignore[attr-defined]
            (m.isoformat(), f"{m:%Y-%m}") for m in months
        ]


class AdjustForm(forms.Form):
    points = forms.DecimalField(
        label=_("Adjustment (points, − to take off)"), max_digits=5, decimal_places=2
    )
    reason = forms.CharField(
        label=_("Reason for the adjustment"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AppealForm(forms.Form):
    item = forms.ChoiceField(label=pgettext_lazy("appeal", "Item"))
    reason = forms.CharField(
        label=pgettext_lazy("appeal", "Why you appeal"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, keys: list[str], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["item"].choices = [(k, ItemKey(k).label) for k in keys]  # type: ignore[attr-defined]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=pgettext_lazy("appeal", "Decision"),
        choices=[
            ("uphold", pgettext_lazy("appeal", "Uphold")),
            ("reject", pgettext_lazy("appeal", "Reject")),
        ],
        widget=forms.RadioSelect,
    )
    points = forms.DecimalField(
        label=_("Points added when upheld (− to take off)"),
        max_digits=5,
        decimal_places=2,
        required=False,
    )
    note = forms.CharField(
        label=_("Reason for the decision"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SchemeForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, initial_weights: dict[str, int], **kw: Any) -> None:
        super().__init__(*args, **kw)
        for key in ItemKey.values:
            self.fields[f"w_{key}"] = forms.IntegerField(
                label=ItemKey(key).label,
                min_value=0,
                max_value=100,
                initial=initial_weights.get(key, 0),
            )

    def weights(self) -> dict[str, int]:
        return {k: self.cleaned_data[f"w_{k}"] for k in ItemKey.values}
