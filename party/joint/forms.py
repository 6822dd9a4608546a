"""The joint meeting forms: setting up a body, a member unit, a yearly task, a meeting with
its attendance, a follow-up, a note when an item is started or done."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from accounts.roles import Capability
from areas.models import Area
from core import timeutil
from core.forms import Form
from party import permissions
from party.forms import DateInput
from party.joint.actions import LONG_MAX
from party.joint.models import BODY_LEVELS, TEXT_MAX, JointBody, JointMeeting
from party.models import PartnerUnit


class BodyForm(Form):
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none())
    name = forms.CharField(label=pgettext_lazy("joint", "Name"), max_length=100)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["area"]
        field.queryset = (
            Area.objects.filter(level__in=BODY_LEVELS)
            .filter(permissions.scope_q(user, "code", Capability.EDIT_PARTY))
            .order_by("code")
        )


class MemberForm(Form):
    unit = forms.ModelChoiceField(
        label=_("Partner unit"),
        queryset=PartnerUnit.objects.none(),
        required=False,
        empty_label=_("A unit named below"),
    )
    name = forms.CharField(
        label=pgettext_lazy("joint", "Unit"),
        max_length=100,
        required=False,
        help_text=_("Left empty, the partner unit's name."),
    )
    contact_phone = forms.CharField(
        label=_("Contact's phone (an account)"), max_length=11, required=False
    )

    def __init__(self, *args: Any, body: JointBody, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        code = body.area.code
        above = [code[:n] for n in range(1, len(code) + 1)]
        field: Any = self.fields["unit"]
        field.queryset = PartnerUnit.objects.filter(
            Q(area__code__startswith=code) | Q(area__code__in=above)
        ).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        phone = (data.pop("contact_phone", "") or "").strip()
        data["contact"] = None
        if phone:
            contact = User.objects.filter(phone=phone).first()
            if contact is None:
                self.add_error("contact_phone", _("No account has this phone number."))
            data["contact"] = contact
        return data


class TaskForm(Form):
    year = forms.TypedChoiceField(label=pgettext_lazy("joint", "Year"), coerce=int)
    text = forms.CharField(
        label=pgettext_lazy("joint", "Task"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this = timeutil.today().year
        field: Any = self.fields["year"]
        field.choices = [(y, str(y)) for y in (this, this + 1, this - 1)]


class MeetingForm(Form):
    held_on = forms.DateField(label=pgettext_lazy("joint", "Held on"), widget=DateInput)
    place = forms.CharField(label=pgettext_lazy("joint", "Place"), max_length=100, required=False)
    agenda = forms.CharField(
        label=pgettext_lazy("joint", "Agenda"),
        max_length=LONG_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attended = forms.ModelMultipleChoiceField(
        label=_("Units present"),
        queryset=JointBody.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    decisions = forms.CharField(
        label=pgettext_lazy("joint", "Decisions"),
        max_length=LONG_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, body: JointBody, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["attended"]
        field.queryset = body.members.order_by("name")


class FollowUpForm(Form):
    text = forms.CharField(
        label=pgettext_lazy("joint", "Follow-up"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    owner = forms.ModelChoiceField(
        label=pgettext_lazy("joint", "Owner unit"), queryset=JointBody.objects.none()
    )
    deadline = forms.DateField(label=pgettext_lazy("item", "Deadline"), widget=DateInput)

    def __init__(self, *args: Any, meeting: JointMeeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["owner"]
        field.queryset = meeting.body.members.order_by("name")


class ItemNoteForm(Form):
    note = forms.CharField(label=pgettext_lazy("item", "Note"), max_length=TEXT_MAX, required=False)
