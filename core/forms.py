"""Base forms for linli's pages: labels stand above their fields (linli.css), so they take no
suffix, in Chinese or English (Django's default ":" after a Chinese label reads as a typo);
and a select's empty choice reads "please choose" in the reader's language instead of
Django's untranslated "---------"."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

DJANGO_DASHES = "---------"
EMPTY_CHOICE = _("— choose —")


class LinliFields:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label == DJANGO_DASHES:
                    field.empty_label = EMPTY_CHOICE
            elif isinstance(field, forms.ChoiceField):
                choices = list(cast("Iterable[Any]", field.choices))  # normalised by Django
                if any(value == "" and label == DJANGO_DASHES for value, label in choices):
                    field.choices = [
                        (value, EMPTY_CHOICE if value == "" and label == DJANGO_DASHES else label)
                        for value, label in choices
                    ]


class Form(LinliFields, forms.Form):
    pass


class ModelForm(LinliFields, forms.ModelForm):
    pass
