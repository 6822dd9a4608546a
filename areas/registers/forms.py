from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import Form

MAX_UPLOAD = 30 * 1024 * 1024


class ImportForm(Form):
    register = forms.ChoiceField(label=_("Register"), choices=())
    file = forms.FileField(label=_("File (.xlsx, .csv or .geojson)"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from areas.registers import actions, specs

        super().__init__(*args, **kwargs)
        self.fields["register"].choices = [  # type: ignore[attr-defined]
            (key, spec.label) for key, spec in specs.SPECS.items() if actions.may_import(user, key)
        ]

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 30 MB."))
        return upload
