"""Forms of the venue and booking pages; they only parse input, the actions judge it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from activities.models import AskerKind, Room, Venue
from activities.models.bookings import PURPOSE_MAX, REASON_MAX
from core import timeutil
from core.forms import Form


class BookingForm(Form):
    room = forms.ModelChoiceField(Room.objects.none(), label=pgettext_lazy("room", "Room"))
    day = forms.DateField(
        label=pgettext_lazy("booking", "Day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start = forms.TimeField(
        label=pgettext_lazy("booking", "From"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end = forms.TimeField(
        label=pgettext_lazy("booking", "Until"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    head_count = forms.IntegerField(
        label=pgettext_lazy("booking", "Number of people"), min_value=1, max_value=100000
    )
    purpose = forms.CharField(
        label=pgettext_lazy("booking", "What for"),
        max_length=PURPOSE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    asker_kind = forms.ChoiceField(
        label=pgettext_lazy("booking", "You ask as"), choices=AskerKind.choices
    )
    on_behalf_of = forms.CharField(
        label=pgettext_lazy("booking", "Team or organisation"), max_length=100, required=False
    )

    def __init__(self, *args: Any, venue: Venue, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["room"].queryset = venue.rooms.filter(active=True)  # type: ignore[attr-defined]

    def slot(self) -> tuple[dt.datetime, dt.datetime]:
        day = self.cleaned_data["day"]
        at = timeutil.SHANGHAI
        return (
            dt.datetime.combine(day, self.cleaned_data["start"], tzinfo=at),
            dt.datetime.combine(day, self.cleaned_data["end"], tzinfo=at),
        )


class ReasonForm(Form):
    reason = forms.CharField(
        label=pgettext_lazy("booking", "Reason"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PhotoForm(Form):
    image = forms.ImageField(label=_("Photo"))
    caption = forms.CharField(
        label=pgettext_lazy("venue", "Caption"), max_length=100, required=False
    )
