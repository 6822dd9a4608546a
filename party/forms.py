from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from party import selectors
from party.models import CrossAppointment, PartyOrganisation


class DateInput(forms.DateInput):
    input_type = "date"


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=11, required=False)
    joined_on = forms.DateField(label=_("Joined the party on"), required=False, widget=DateInput)
    in_service = forms.BooleanField(label=_("In service"), required=False)
    workplace = forms.CharField(label=_("Workplace"), max_length=100, required=False)
    home_community = forms.ModelChoiceField(
        label=_("Registered at home with (双报到)"),
        queryset=Area.objects.none(),
        required=False,
    )
    registered_on = forms.DateField(
        label=_("Registered at home on"), required=False, widget=DateInput
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["home_community"].queryset = selectors.communities_for(user)  # type: ignore[attr-defined]


class CrossAppointmentForm(forms.Form):
    body = forms.ChoiceField(label=_("Body"), choices=CrossAppointment.Body.choices)
    body_name = forms.CharField(label=_("Body name"), max_length=100, required=False)
    position = forms.CharField(label=_("Position"), max_length=50)


class PartnerUnitForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none())
    name = forms.CharField(label=_("Name"), max_length=100)
    contact = forms.CharField(label=_("Contact person"), max_length=50, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=11, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from accounts.roles import Capability
        from areas.selectors import visible_areas

        self.fields["area"].queryset = visible_areas(  # type: ignore[attr-defined]
            user, Capability.EDIT_PARTY
        ).filter(level__in=["district", "subdistrict", "community"])


class AgreementForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=PartyOrganisation.objects.none()
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    commitments = forms.CharField(label=_("Commitments"), widget=forms.Textarea)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from accounts.roles import Capability
        from party.models import OrgLevel

        self.fields["organisation"].queryset = selectors.organisations(  # type: ignore[attr-defined]
            user, Capability.EDIT_PARTY
        ).exclude(level__in=[OrgLevel.GROUP, OrgLevel.HUB_HOUSEHOLD])
