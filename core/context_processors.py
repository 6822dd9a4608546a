"""Navigation built from the apps: each AppConfig may list `nav_items`.

An item is (label, url name, who): `who` is None for everyone signed in, or the dotted path
of a function of the app's `permissions.py` that answers for a user (the same function the
page asks), so the navigation and the pages agree. A path, not the function itself: apps.py
is read before the models are ready, and core names no app above it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string


@cache
def _rule(path: str) -> Callable[[Any], bool]:
    return import_string(path)  # type: ignore[no-any-return]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for config in apps.get_app_configs():
        for label, url_name, who in getattr(config, "nav_items", ()):
            if who is not None and not _rule(who)(user):
                continue
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            items.append({"label": label, "url": url, "active": request.path.startswith(url)})
    return {"nav_items": items}
