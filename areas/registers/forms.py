from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from areas.registers.models import Register

MAX_UPLOAD = 30 * 1024 * 1024


class ImportForm(forms.Form):
    register = forms.ChoiceField(label=_("Register"), choices=Register.choices)
    file = forms.FileField(label=_("File (.xlsx or .csv)"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 30 MB."))
        return upload
