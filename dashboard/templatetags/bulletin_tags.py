"""Bulletins' figures as pages show them: a share as a percentage, a rating to two places."""

from __future__ import annotations

from django import template

from dashboard.bulletins.wording import percent, score

register = template.Library()


@register.filter
def pct(value: float | None) -> str:
    return percent(value)


@register.filter
def stars(value: float | None) -> str:
    return score(value)
