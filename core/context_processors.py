"""Navigation built from the apps: each AppConfig may list `nav_items`.

An item is (label, url name, who) or (label, url name, who, group): `who` is None for everyone
signed in, or the dotted path of a function of the app's `permissions.py` that answers for a
user (the same function the page asks), so the navigation and the pages agree. A path, not the
function itself: apps.py is read before the models are ready, and core names no app above it.

The menu groups items by domain (`core.home.GROUPS`: cases, people and places, party, services
and points, figures): an item's own group, else its app's (`APP_GROUPS`, by app label); an
item of no group (the inbox) stands on its own. A group with one item shows as that item.

An app may also name `header_search = (url name, who)`: the search box in the header, for
those `who` answers for (the first app that names one and lets the user search).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

from core.home import GROUPS

# The menu group of each app's items, unless an item names its own.
APP_GROUPS = {
    "cases": "cases",
    "indicators": "figures",
    "dashboard": "figures",
    "fieldwork": "people",
    "areas": "people",
    "registers": "people",
    "division": "people",
    "accounts": "people",
    "party": "party",
    "activities": "services",
    "volunteering": "services",
    "points": "services",
}


@cache
def _rule(path: str) -> Callable[[Any], bool]:
    return import_string(path)  # type: ignore[no-any-return]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_groups": [], "header_search": ""}
    items = []
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", ()):
            label, url_name, who = item[:3]
            if who is not None and not _rule(who)(user):
                continue
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            group = item[3] if len(item) > 3 else APP_GROUPS.get(config.label, "")
            active = request.path.startswith(url) if url != "/" else request.path == "/"
            items.append({"label": label, "url": url, "active": active, "group": group})
    return {"nav_items": items, "nav_groups": grouped(items), "header_search": _search(user)}


def _search(user: Any) -> str:
    for config in apps.get_app_configs():
        found = getattr(config, "header_search", None)
        if found and _rule(found[1])(user):
            return reverse(found[0])
    return ""


def grouped(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The menu: each group of `GROUPS` that has items, in its order, then the items of no
    group. A group is {"key", "label", "items", "active"}; a lone item has no key."""
    out = []
    for key, label in GROUPS.items():
        mine = [i for i in items if i["group"] == key]
        if mine:
            out.append(
                {
                    "key": key,
                    "label": label,
                    "items": mine,
                    "active": any(i["active"] for i in mine),
                }
            )
    known = set(GROUPS)
    for i in items:
        if i["group"] not in known:
            out.append({"key": "", "label": i["label"], "items": [i], "active": i["active"]})
    return out
