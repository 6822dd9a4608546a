"""The 两新 forms: an organisation of the register, a benchmark review and an item of its
lists, a 双强红领 certification and its yearly review."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.roles import Capability
from areas.models import Area
from core.forms import Form
from party import permissions
from party.forms import DateInput
from party.joint.actions import LONG_MAX
from party.joint.models import TEXT_MAX
from party.models import PartyOrganisation
from party.neworgs.models import (
    BenchmarkReview,
    CertificationResult,
    Coverage,
    ItemList,
    NewOrgKind,
    ReviewItem,
)

AREA_LEVELS = ("subdistrict", "community", "grid")


class NewOrganisationForm(Form):
    name = forms.CharField(label=pgettext_lazy("new organisation", "Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=NewOrgKind.choices)
    employees = forms.IntegerField(
        label=pgettext_lazy("new organisation", "Employees"), min_value=0, max_value=1_000_000
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none())
    coverage = forms.ChoiceField(
        label=pgettext_lazy("coverage", "Coverage"), choices=Coverage.choices
    )
    party_organisation = forms.ModelChoiceField(
        label=pgettext_lazy("coverage", "Covering party organisation"),
        queryset=PartyOrganisation.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area: Any = self.fields["area"]
        area.queryset = (
            Area.objects.filter(level__in=AREA_LEVELS)
            .filter(permissions.scope_q(user, "code", Capability.EDIT_PARTY))
            .order_by("code")
        )
        org: Any = self.fields["party_organisation"]
        org.queryset = (
            PartyOrganisation.objects.filter(permissions.scope_q(user, "area__code"))
            .exclude(level="hub_household")
            .select_related("area")
            .order_by("area__code", "name")
        )


class ReviewForm(Form):
    held_on = forms.DateField(label=pgettext_lazy("review", "Held on"), widget=DateInput)
    summary = forms.CharField(
        label=pgettext_lazy("review", "Summary"),
        max_length=LONG_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ItemForm(Form):
    list = forms.ChoiceField(label=pgettext_lazy("review", "List"), choices=ItemList.choices)
    problem = forms.ModelChoiceField(
        label=pgettext_lazy("review", "Problem it answers"),
        queryset=ReviewItem.objects.none(),
        required=False,
    )
    text = forms.CharField(
        label=pgettext_lazy("review", "Item"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    owner = forms.CharField(label=pgettext_lazy("item", "Owner"), max_length=50)
    deadline = forms.DateField(label=pgettext_lazy("item", "Deadline"), widget=DateInput)

    def __init__(self, *args: Any, review: BenchmarkReview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["problem"]
        field.queryset = review.items.filter(list=ItemList.PROBLEM).order_by("pk")


class CertificationForm(Form):
    name = forms.CharField(label=pgettext_lazy("certification", "Secretary"), max_length=50)
    certified_on = forms.DateField(
        label=pgettext_lazy("certification", "Certified on"), widget=DateInput
    )


class CertificationReviewForm(Form):
    result = forms.ChoiceField(
        label=pgettext_lazy("certification", "Result"),
        choices=[
            (CertificationResult.PASSED.value, CertificationResult.PASSED.label),
            (CertificationResult.FAILED.value, CertificationResult.FAILED.label),
        ],
        widget=forms.RadioSelect,
    )
