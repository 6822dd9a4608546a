"""Forms of the points pages: they parse input; the actions decide and store."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core import forms as core_forms
from points.models import Activity, ItemKind, RuleUnit


class Form(core_forms.Form):
    """Labels share their lower-case msgids with the models' verbose names; a form shows them
    capitalised, as Django's model forms do."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = capfirst(field.label)


class RuleForm(Form):
    activity = forms.ChoiceField(label=_("activity"), choices=Activity.choices)
    unit = forms.ChoiceField(label=_("unit"), choices=RuleUnit.choices)
    points = forms.IntegerField(label=_("points per unit"))
    daily_cap = forms.IntegerField(label=_("daily cap"), required=False)
    yearly_cap = forms.IntegerField(label=_("yearly cap"), required=False)
    valid_from = forms.DateField(
        label=_("valid from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    valid_to = forms.DateField(
        label=_("valid to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(label=_("remark"), required=False, max_length=200)


class StoreForm(Form):
    community = forms.ChoiceField(label=_("community"))
    name = forms.CharField(label=_("name"), max_length=100)
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    opening_hours = forms.CharField(label=_("opening hours"), max_length=100, required=False)


class ItemForm(Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ItemKind.choices)
    name = forms.CharField(label=_("name"), max_length=100)
    description = forms.CharField(label=_("description"), max_length=300, required=False)
    price = forms.IntegerField(label=_("points price"))
    stock = forms.IntegerField(label=_("stock"), initial=0)


class RestockForm(Form):
    delta = forms.IntegerField(label=_("change in stock"))
    reason = forms.CharField(label=_("reason"), max_length=200, required=False)


class RedeemForm(Form):
    quantity = forms.IntegerField(label=_("quantity"), initial=1)


class PickupForm(Form):
    code = forms.CharField(
        label=_("pickup code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class AdjustForm(Form):
    phone = forms.CharField(label=_("resident's phone"), max_length=11)
    amount = forms.IntegerField(label=_("points (+ or −)"))
    reason = forms.CharField(label=_("reason"), max_length=200)
