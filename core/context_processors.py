"""Navigation built from the apps: each AppConfig may list `nav_items`.

An item is (label, url name, roles or None for everyone signed in). Apps add
their own entries, so no shared template lists them.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    roles = set(user.role_names()) if hasattr(user, "role_names") else set()
    items = []
    for config in apps.get_app_configs():
        for label, url_name, allowed in getattr(config, "nav_items", ()):
            if allowed is not None and not (roles & set(allowed)) and not user.is_superuser:
                continue
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            items.append({"label": label, "url": url, "active": request.path.startswith(url)})
    return {"nav_items": items}
