from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from core.forms import Form
from party import permissions, selectors
from party.models import BranchKind, CrossAppointment, PartyMember, PartyOrganisation


class DateInput(forms.DateInput):
    """type="date" takes only ISO dates, whatever the language's date format (zh-hans: 2026/03/01)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class MemberForm(Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        required=False,
        help_text=_("Used by the registers; left empty, one is made up."),
    )
    name = forms.CharField(label=_("Full name"), max_length=50)
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


class CrossAppointmentForm(Form):
    body = forms.ChoiceField(label=_("Body"), choices=CrossAppointment.Body.choices)
    body_name = forms.CharField(label=_("Body name"), max_length=100, required=False)
    position = forms.CharField(label=_("Position"), max_length=50)


class PartnerUnitForm(Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        required=False,
        help_text=_("Used by the registers; left empty, one is made up."),
    )
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none())
    name = forms.CharField(label=_("Unit name"), max_length=100)
    contact = forms.CharField(label=_("Contact person"), max_length=50, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=12, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from accounts.roles import Capability
        from areas.selectors import visible_areas

        self.fields["area"].queryset = visible_areas(  # type: ignore[attr-defined]
            user, Capability.EDIT_PARTY
        ).filter(level__in=["district", "subdistrict", "community"])


class AgreementForm(Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        required=False,
        help_text=_("Used by the registers; left empty, one is made up."),
    )
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


def _areas_within(user: Any, code: str) -> Any:
    from accounts.roles import Capability
    from areas.selectors import visible_areas

    return visible_areas(user, Capability.EDIT_PARTY).filter(code__startswith=code).order_by("code")


class OrganisationForm(Form):
    """A new organisation below `parent`; its level follows from the parent's."""

    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Organisation name"), max_length=100)
    kind = forms.ChoiceField(
        label=_("Branch kind"), choices=[("", "—"), *BranchKind.choices], required=False
    )
    area = forms.ModelChoiceField(label=_("Built on"), queryset=Area.objects.none())

    def __init__(self, *args: Any, user: Any, parent: PartyOrganisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _areas_within(user, parent.area.code)  # type: ignore[attr-defined]


class WorkingCommitteeForm(Form):
    """A working committee (党工委) at the top of a tree, on an area the user edits."""

    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Organisation name"), max_length=100)
    area = forms.ModelChoiceField(label=_("Built on"), queryset=Area.objects.none())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = permissions.working_committee_areas(user)  # type: ignore[attr-defined]


class OrganisationEditForm(Form):
    name = forms.CharField(label=_("Organisation name"), max_length=100)
    kind = forms.ChoiceField(
        label=_("Branch kind"), choices=[("", "—"), *BranchKind.choices], required=False
    )
    area = forms.ModelChoiceField(label=_("Built on"), queryset=Area.objects.none())
    secretary = forms.ModelChoiceField(
        label=_("Secretary"), queryset=PartyMember.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, org: PartyOrganisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        top = org.parent.area.code if org.parent else org.area.code
        self.fields["area"].queryset = _areas_within(user, top)  # type: ignore[attr-defined]
        self.fields["secretary"].queryset = org.members.order_by("name")  # type: ignore[attr-defined]


class MemberEditForm(MemberForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=PartyOrganisation.objects.none()
    )

    def __init__(self, *args: Any, user: Any, member: PartyMember, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        from accounts.roles import Capability

        del self.fields["code"]  # a code is kept: registers find the member by it

        # The member's current registration stays a valid choice outside the user's reach.
        if member.home_community_id is not None:
            field: Any = self.fields["home_community"]
            field.queryset = field.queryset | Area.objects.filter(pk=member.home_community_id)

        self.fields["organisation"].queryset = selectors.organisations(  # type: ignore[attr-defined]
            user, Capability.EDIT_PARTY
        ).select_related("area")


class PartnerUnitEditForm(Form):
    name = forms.CharField(label=_("Unit name"), max_length=100)
    contact = forms.CharField(label=_("Contact person"), max_length=50, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=12, required=False)


class AgreementEditForm(Form):
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    commitments = forms.CharField(label=_("Commitments"), widget=forms.Textarea)
