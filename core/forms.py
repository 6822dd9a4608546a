"""Base forms for linli's pages: labels stand above their fields (linli.css), so they take no
suffix, in Chinese or English (Django's default ":" after a Chinese label reads as a typo)."""

from __future__ import annotations

from typing import Any

from django import forms


class NoLabelSuffix:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class Form(NoLabelSuffix, forms.Form):
    pass


class ModelForm(NoLabelSuffix, forms.ModelForm):
    pass
