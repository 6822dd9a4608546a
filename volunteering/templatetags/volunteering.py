"""Template filters of the volunteering pages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.translation import ngettext

register = template.Library()


def plain_number(value: Any) -> str:
    """1.50 → "1.5", 2.00 → "2", None → "0": hours as people write them."""
    try:
        number = Decimal(str(value if value not in (None, "") else 0))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


@register.filter
def hours(value: Any) -> str:
    """Service hours with their unit: "1.5 小时" / "1.5 hours"."""
    text = plain_number(value)
    count = 1 if text == "1" else 2
    return ngettext("%(h)s hour", "%(h)s hours", count) % {"h": text}
