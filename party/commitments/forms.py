"""The commitment forms: making one (text, the area served, the deadline; for an
organisation's editors, optionally the member it is for), a progress note, the reason it was
not fulfilled, a resident's stars."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import Area
from core.forms import Form
from party.commitments.actions import served_areas
from party.commitments.models import NOTE_MAX, TEXT_MAX
from party.forms import DateInput
from party.models import PartyMember, PartyOrganisation


class CommitmentForm(Form):
    member = forms.ModelChoiceField(
        label=_("Party member"),
        queryset=PartyMember.objects.none(),
        required=False,
        empty_label=_("The organisation itself"),
    )
    text = forms.CharField(
        label=pgettext_lazy("commitment", "Commitment"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    area = forms.ModelChoiceField(
        label=pgettext_lazy("commitment", "Serves"), queryset=Area.objects.none()
    )
    deadline = forms.DateField(label=pgettext_lazy("commitment", "Deadline"), widget=DateInput)

    def __init__(
        self, *args: Any, org: PartyOrganisation, member: PartyMember | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        codes = served_areas(org, member)
        q = Q()
        for code in codes:
            q |= Q(code__startswith=code)
        area: Any = self.fields["area"]
        area.queryset = Area.objects.filter(q).order_by("code")
        if member is not None:  # a member's own: the member is fixed
            del self.fields["member"]
        else:
            field: Any = self.fields["member"]
            field.queryset = org.members.order_by("name")


class NoteForm(Form):
    note = forms.CharField(
        label=pgettext_lazy("commitment", "Progress"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FulfilForm(Form):
    note = forms.CharField(
        label=pgettext_lazy("commitment", "What was done"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FailForm(Form):
    reason = forms.CharField(
        label=pgettext_lazy("commitment", "Reason not fulfilled"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RatingForm(Form):
    stars = forms.TypedChoiceField(
        label=pgettext_lazy("rating", "Stars"),
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=pgettext_lazy("rating", "Comment"), max_length=200, required=False
    )
