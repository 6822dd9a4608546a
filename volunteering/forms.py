"""Forms of the staff and resident pages; they only parse input, the actions judge it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from activities.models import Room
from areas.models import Area, Compound, ResidentTag
from core.forms import Form
from party.models import PartnerUnit, PartyOrganisation
from volunteering import permissions, selectors
from volunteering.models import (
    BeneficiaryKind,
    EventKind,
    ListCategory,
    Need,
    NeedStatus,
    Privacy,
    Resource,
    ResourceStatus,
    ServiceItem,
    TalentKind,
    Team,
    TeamKind,
    Volunteer,
)


class RequestForm(Form):
    service = forms.ModelChoiceField(
        ServiceItem.objects.none(), required=False, label=_("From the menu")
    )
    title = forms.CharField(label=_("What do you need?"), max_length=100, required=False)
    description = forms.CharField(
        label=_("Details"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    wanted_at = forms.DateTimeField(
        label=_("When"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args: Any, community: Area | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if community is not None:
            self.fields["service"].queryset = ServiceItem.objects.filter(  # type: ignore[attr-defined]
                community=community, active=True
            )


class _StaffForm(Form):
    community = forms.ModelChoiceField(Area.objects.none(), label=_("Community"))

    def __init__(self, *args: Any, user: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        communities = selectors.staff_communities(user)
        self.fields["community"].queryset = communities  # type: ignore[attr-defined]
        first_two = list(communities[:2])
        if len(first_two) == 1:
            self.fields["community"].initial = first_two[0]
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField) and name != "community":
                self.limit(name, field, user)

    def limit(self, name: str, field: forms.ModelChoiceField, user: Any) -> None:
        model = field.queryset.model  # type: ignore[union-attr]
        if model is Team:
            field.queryset = Team.objects.filter(
                permissions.staff_q(user, "community__code"), active=True
            )
        elif model is PartnerUnit:
            field.queryset = selectors.partner_units_for(user)
        elif model is Room:
            field.queryset = selectors.event_rooms(user)
        elif model is Compound:
            field.queryset = Compound.objects.filter(permissions.staff_q(user, "community__code"))
        elif model is PartyOrganisation:
            field.queryset = PartyOrganisation.objects.filter(
                permissions.staff_q(user, "area__code")
            )
        elif model is Volunteer:
            field.queryset = Volunteer.objects.filter(
                permissions.staff_q(user, "community__code"), active=True
            )
        elif model is Need:
            field.queryset = Need.objects.filter(
                permissions.staff_q(user, "community__code"), status=NeedStatus.OPEN
            )
        elif model is Resource:
            field.queryset = Resource.objects.filter(
                permissions.staff_q(user, "community__code"), status=ResourceStatus.AVAILABLE
            )


class NeedForm(_StaffForm):
    title = forms.CharField(label=_("Title"), max_length=100)
    category = forms.ChoiceField(label=_("Category"), choices=ListCategory.choices)
    households = forms.IntegerField(label=_("Households concerned"), min_value=1, initial=1)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    # Raised on a household visit (the visit page's "Add to the needs list" fills it in).
    visit = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ResourceForm(_StaffForm):
    title = forms.CharField(label=_("Title"), max_length=100)
    category = forms.ChoiceField(label=_("Category"), choices=ListCategory.choices)
    partner_unit = forms.ModelChoiceField(
        PartnerUnit.objects.all(), label=_("Partner unit"), required=False
    )
    team = forms.ModelChoiceField(Team.objects.all(), label=_("Team"), required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)


class ServiceItemForm(_StaffForm):
    title = forms.CharField(label=_("Title"), max_length=100)
    category = forms.ChoiceField(label=_("Category"), choices=ListCategory.choices)
    team = forms.ModelChoiceField(Team.objects.all(), label=_("Usual team"), required=False)
    estimated_hours = forms.DecimalField(
        label=_("Estimated hours"), min_value=0.5, max_value=24, initial=1
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)


class MatchForm(_StaffForm):
    need = forms.ModelChoiceField(Need.objects.all(), label=_("Need"))
    resource = forms.ModelChoiceField(Resource.objects.all(), label=_("Resource"))
    title = forms.CharField(label=_("Project title"), max_length=100, required=False)
    due = forms.DateField(
        label=_("Due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        del self.fields["community"]


class TeamForm(_StaffForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=TeamKind.choices)
    organisation = forms.ModelChoiceField(
        PartyOrganisation.objects.all(), label=_("Party organisation"), required=False
    )
    partner_unit = forms.ModelChoiceField(
        PartnerUnit.objects.all(), label=_("Partner unit"), required=False
    )
    compound = forms.ModelChoiceField(Compound.objects.all(), label=_("Compound"), required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)


class VolunteerForm(_StaffForm):
    name = forms.CharField(label=_("Name"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    skills = forms.CharField(label=_("Skills (comma separated)"), required=False)


class MemberForm(_StaffForm):
    volunteer = forms.ModelChoiceField(Volunteer.objects.all(), label=_("Volunteer"))
    is_leader = forms.BooleanField(label=_("Leader"), required=False)

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        del self.fields["community"]


class TalentForm(_StaffForm):
    volunteer = forms.ModelChoiceField(Volunteer.objects.all(), label=_("Volunteer"))
    kind = forms.ChoiceField(label=_("Profession"), choices=TalentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=100, required=False)
    service_menu = forms.CharField(
        label=_("Service menu (one service a line)"), widget=forms.Textarea
    )
    available = forms.CharField(label=_("Availability"), max_length=100, required=False)

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        del self.fields["community"]


class WishForm(_StaffForm):
    title = forms.CharField(label=_("Wish"), max_length=100)
    beneficiary_name = forms.CharField(label=_("Name of the resident"), max_length=50)
    beneficiary_kind = forms.ChoiceField(label=_("Who"), choices=BeneficiaryKind.choices)
    privacy = forms.ChoiceField(
        label=_("What the resident agreed to show"),
        choices=Privacy.choices,
        initial=Privacy.MASKED,
    )
    value = forms.DecimalField(
        label=_("Estimated value (yuan)"), required=False, min_value=0, max_value=100000
    )
    description = forms.CharField(label=_("Story"), widget=forms.Textarea, required=False)


def _local_datetime(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def _optional_datetime(label: Any, help_text: Any = "") -> forms.DateTimeField:
    field = _local_datetime(label)
    field.required = False
    field.help_text = help_text
    return field


class EventDetailsForm(Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[c for c in EventKind.choices if c[0] != EventKind.PARTY_LECTURE]
    )
    title = forms.CharField(label=_("Title"), max_length=100)
    place = forms.CharField(label=pgettext_lazy("event", "Place"), max_length=200, required=False)
    starts_at = _local_datetime(_("Starts at"))
    ends_at = _local_datetime(_("Ends at"))
    hours = forms.DecimalField(
        label=_("Hours credited"),
        required=False,
        min_value=0,
        max_value=24,
        decimal_places=2,
        help_text=_("Empty: the length of the event."),
    )
    room = forms.ModelChoiceField(
        Room.objects.none(),
        label=_("Held at a venue's room"),
        required=False,
        help_text=_(
            "The room is booked for the event: at once where you manage the venue, else "
            "when its manager approves."
        ),
    )
    signup_opens_at = _optional_datetime(
        _("Sign-up opens"), _("Empty: the event takes no sign-ups.")
    )
    signup_closes_at = _optional_datetime(_("Sign-up closes"), _("Empty: at the start."))
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        max_value=10000,
        help_text=_("Empty: no limit."),
    )
    signup_tags = forms.MultipleChoiceField(
        label=_("Only residents tagged"),
        choices=ResidentTag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every resident."),
    )


class EventForm(EventDetailsForm, _StaffForm):
    """A new event: its community (first), its details, and who may sign up."""

    signup_area = forms.ModelChoiceField(
        Area.objects.none(),
        label=_("Only residents of"),
        required=False,
        help_text=_("Empty: the whole community."),
    )

    def limit(self, name: str, field: forms.ModelChoiceField, user: Any) -> None:
        if name == "signup_area":
            field.queryset = Area.objects.filter(
                permissions.staff_q(user, "code"), level="grid"
            ).order_by("code")
            return
        super().limit(name, field, user)


class CancelEventForm(Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AttendanceForm(Form):
    phone = forms.CharField(
        label=_("Phone number of the resident"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )


class LectureScheduleForm(Form):
    title = forms.CharField(label=_("Title"), max_length=100, initial="睦邻党课")
    place = forms.CharField(label=pgettext_lazy("event", "Place"), max_length=200, required=False)
    days = forms.CharField(
        label=_("Days of the month"),
        max_length=100,
        initial="5,20",
        help_text=_("For example 5,20: the 5th and the 20th of every month."),
    )
    start_time = forms.TimeField(
        label=_("Starts at (local time)"),
        initial="19:00",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=15, max_value=480, initial=90
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        max_value=10000,
        help_text=_("Empty: no limit."),
    )
    opens_days_before = forms.IntegerField(
        label=_("Sign-up opens days before"), min_value=0, max_value=60, initial=14
    )
    members_only = forms.BooleanField(label=_("Party members only"), required=False)


class ResidentPostForm(Form):
    """A resident's own micro-wish or need (居民自主发布); the action judges it."""

    kind = forms.ChoiceField(
        label=_("What do you post?"),
        choices=[("wish", _("A micro-wish")), ("need", _("A need for the needs list"))],
        widget=forms.RadioSelect,
        initial="wish",
    )
    title = forms.CharField(label=_("In a few words"), max_length=100)
    description = forms.CharField(
        label=_("Details"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    beneficiary_kind = forms.ChoiceField(
        label=_("Who is the wish for?"), choices=BeneficiaryKind.choices, initial="other"
    )
    privacy = forms.ChoiceField(
        label=_("On the wish wall"), choices=Privacy.choices, initial=Privacy.MASKED
    )
    category = forms.ChoiceField(
        label=_("Category (a need)"), choices=ListCategory.choices, initial="other"
    )
