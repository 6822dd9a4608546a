"""Filters for personal data in templates: masked numbers and ages."""

from __future__ import annotations

import datetime as dt

from django import template

from areas.selectors import age as _age
from core.masking import mask_id_number, mask_phone

register = template.Library()


@register.filter
def masked_phone(value: str | None) -> str:
    return mask_phone(value)


@register.filter
def masked_id(value: str | None) -> str:
    return mask_id_number(value)


@register.filter
def age(value: dt.date | None) -> int | str:
    years = _age(value)
    return "" if years is None else years
