"""Helpers shared by the case pages."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

from cases.models import Category
from cases.selectors import leaf_categories

PAGE_SIZE = 30


def paginate(request: HttpRequest, qs: QuerySet[Any], size: int = PAGE_SIZE) -> Page:
    return Paginator(qs, size).get_page(request.GET.get("page"))


def grouped_categories() -> list[tuple[str, list[Category]]]:
    groups: dict[str, list[Category]] = {}
    names = {c.pk: c.label for c in Category.objects.filter(parent__isnull=True)}
    for c in leaf_categories():
        groups.setdefault(names.get(c.parent_id or 0, ""), []).append(c)
    return list(groups.items())


def new_key() -> str:
    return uuid.uuid4().hex
