"""The meeting form: the record's fields, then one line per member due (present, or the
reason of an absence)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import Form
from party.forms import DateInput
from party.life import selectors
from party.life.models import Meeting, MeetingKind
from party.models import PartyOrganisation

MAIN = ("kind", "held_on", "counts_for", "place", "agenda", "minutes", "decisions")


class MeetingForm(Form):
    kind = forms.ChoiceField(label=_("Meeting kind"), choices=())
    held_on = forms.DateField(label=pgettext_lazy("meeting", "Held on"), widget=DateInput)
    counts_for = forms.DateField(
        label=pgettext_lazy("meeting", "Counts for"),
        required=False,
        widget=DateInput,
        help_text=_("A day in the period this meeting makes up; left empty, its own."),
    )
    place = forms.CharField(label=pgettext_lazy("meeting", "Place"), max_length=100)
    agenda = forms.CharField(
        label=pgettext_lazy("meeting", "Agenda"), widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.CharField(
        label=pgettext_lazy("meeting", "Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    decisions = forms.CharField(
        label=pgettext_lazy("meeting", "Decisions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args: Any, org: PartyOrganisation, meeting: Meeting | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        kinds = selectors.kinds_for(org.level)
        field: Any = self.fields["kind"]
        field.choices = [(k, MeetingKind(k).label) for k in MeetingKind.values if k in kinds]
        self.members = list(selectors.due_members(org))
        stored = {a.member_id: a for a in meeting.attendance.all()} if meeting else {}
        for m in self.members:
            was = stored.get(m.pk)
            self.fields[f"present_{m.pk}"] = forms.BooleanField(
                label=m.name, required=False, initial=bool(was and was.present)
            )
            self.fields[f"reason_{m.pk}"] = forms.CharField(
                label=_("Reason for absence"),
                max_length=200,
                required=False,
                initial=was.reason if was else "",
            )

    def main_fields(self) -> list[Any]:
        return [self[name] for name in MAIN]

    def member_rows(self) -> list[tuple[Any, Any, Any]]:
        return [(m, self[f"present_{m.pk}"], self[f"reason_{m.pk}"]) for m in self.members]


def action_data(data: dict[str, Any]) -> dict[str, Any]:
    """The form's cleaned data as the actions take it: `present` and `absences`."""
    present: list[int] = []
    absences: dict[int, str] = {}
    for key in [k for k in data if k.startswith("present_")]:
        pk = int(key.removeprefix("present_"))
        reason = data.pop(f"reason_{pk}", "")
        if data.pop(key):
            present.append(pk)
        elif reason:
            absences[pk] = reason
    return {**data, "present": present, "absences": absences}
