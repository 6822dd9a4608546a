from __future__ import annotations

from typing import Any

from django import template

from cases.workflow import BADGE, Status

register = template.Library()


@register.filter
def status_badge(case: Any) -> str:
    """The badge colour of a case: red when overdue, else by status."""
    if getattr(case, "overdue", False) and case.status != Status.CLOSED:
        return "red"
    return BADGE.get(Status(case.status), "") if case.status in Status.values else ""
