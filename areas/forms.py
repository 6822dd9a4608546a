"""Edit forms for the registers. Personal numbers are never pre-filled: blank keeps them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from areas.models import Building, Household, Resident, ResidentTag
from core.forms import ModelForm

phone_validator = RegexValidator(
    r"^1\d{10}$", _("Enter an 11-digit mobile number starting with 1.")
)
id_validator = RegexValidator(r"^\d{17}[\dX]$", _("Enter an 18-character ID number."))


class RegisterForm(ModelForm):
    def changed_values(self) -> dict[str, Any]:
        """The submitted values of the form's fields, for the update action."""
        return {f: self.cleaned_data[f] for f in self.Meta.fields}  # type: ignore[attr-defined]


class BuildingForm(RegisterForm):
    class Meta:
        model = Building
        fields = ["name", "address", "floors", "entrances", "households", "lon", "lat"]

    def clean_lon(self) -> float:
        lon = self.cleaned_data["lon"]
        if not -180 <= lon <= 180:
            raise forms.ValidationError(_("Longitude lies between -180 and 180."))
        return lon

    def clean_lat(self) -> float:
        lat = self.cleaned_data["lat"]
        if not -90 <= lat <= 90:
            raise forms.ValidationError(_("Latitude lies between -90 and 90."))
        return lat

    def clean_floors(self) -> int:
        floors = self.cleaned_data["floors"]
        if floors < 1:
            raise forms.ValidationError(_("A building has at least one floor."))
        return floors

    def clean_entrances(self) -> int:
        entrances = self.cleaned_data["entrances"]
        if entrances < 1:
            raise forms.ValidationError(_("A building has at least one entrance."))
        return entrances


class HouseholdForm(RegisterForm):
    class Meta:
        model = Household
        fields = ["entrance", "floor", "room", "address"]

    def clean_entrance(self) -> int:
        entrance = self.cleaned_data["entrance"]
        if entrance < 1:
            raise forms.ValidationError(_("Entrances are numbered from 1."))
        return entrance


class ResidentForm(RegisterForm):
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        validators=[phone_validator],
        help_text=_("Leave blank to keep the current number."),
    )
    id_number = forms.CharField(
        label=_("ID number"),
        required=False,
        validators=[id_validator],
        help_text=_("Leave blank to keep the current number."),
    )
    tags = forms.MultipleChoiceField(
        label=_("Tags"),
        choices=ResidentTag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Resident
        fields = ["name", "gender", "birth_date", "phone", "id_number", "tags", "is_head"]
        # type="date" takes only ISO dates, whatever the language's date format.
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Never send the full numbers to the browser through the form.
        self.initial["phone"] = ""
        self.initial["id_number"] = ""

    def clean_id_number(self) -> str:
        return (self.cleaned_data.get("id_number") or "").upper()

    def changed_values(self) -> dict[str, Any]:
        values = super().changed_values()
        for personal in ("phone", "id_number"):
            if not values[personal]:
                values.pop(personal)
        return values
