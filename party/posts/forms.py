"""The form that posts a member (党员服务示范岗, 先锋岗, 哨点): the member, the kind, the duty,
the grid and the place on it (a building by code, a description, a point), since and until."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import Area, grid_levels
from core.forms import Form
from party.forms import DateInput
from party.models import PartyMember, PartyOrganisation
from party.posts.models import DUTY_MAX, PLACE_MAX, PostKind


class PostForm(Form):
    member = forms.ModelChoiceField(label=_("Party member"), queryset=PartyMember.objects.none())
    kind = forms.ChoiceField(label=pgettext_lazy("service post", "Kind"), choices=PostKind.choices)
    duty = forms.CharField(label=pgettext_lazy("service post", "Duty"), max_length=DUTY_MAX)
    grid = forms.ModelChoiceField(label=_("Grid"), queryset=Area.objects.none())
    building_code = forms.CharField(label=_("Building code"), max_length=40, required=False)
    place = forms.CharField(
        label=pgettext_lazy("service post", "Place"), max_length=PLACE_MAX, required=False
    )
    lon = forms.FloatField(label=_("Longitude"), required=False)
    lat = forms.FloatField(label=_("Latitude"), required=False)
    since = forms.DateField(label=pgettext_lazy("service post", "Since"), widget=DateInput)
    until = forms.DateField(
        label=pgettext_lazy("service post", "Until"), widget=DateInput, required=False
    )

    def __init__(self, *args: Any, org: PartyOrganisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member: Any = self.fields["member"]
        member.queryset = PartyMember.objects.filter(organisation=org).order_by("name")
        grid: Any = self.fields["grid"]
        grid.queryset = Area.objects.filter(
            Q(code__startswith=org.area.code), level__in=grid_levels(), active=True
        ).order_by("code")
