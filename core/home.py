"""What waits for a user today: each app lists its to-do lines, the home page shows them.

An app's `AppConfig` may name `home_lines`: dotted paths of functions `(user) -> list[Line]`
in its own `selectors.py` (or a package's), each line a count of what waits for this user and
a link to the list it counts. The count must come from the same selector as that list (tests
prove they agree), so the home page and the page it links to never disagree. A path, not the
function: apps.py is read before the models are ready, and `core` names no app above it.

`lines_for(user)` asks every app in INSTALLED_APPS order and keeps the lines whose count is
not zero; `group` is the domain the line belongs to (the menu's groups: "cases", "people",
"party", "services", "figures"), so the page can show them under the same headings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

# The menu's domains, in the menu's order; a line's `group` and a nav item's group are keys.
GROUPS = {
    "cases": _("Cases"),
    "people": _("People and places"),
    "party": _("Party"),
    "services": _("Services and points"),
    "figures": _("Figures"),
}


@dataclass(frozen=True)
class Line:
    key: str  # stable name, e.g. "cases.to_accept" (the page's data-line attribute)
    label: str  # translated, with its count (ngettext), e.g. "3 cases to accept"
    count: int
    url: str  # the list this line counts, filtered as counted
    group: str = ""  # the menu's domain: cases, people, party, services, figures
    urgent: bool = False  # overdue and the like: shown first, marked


@cache
def _provider(path: str) -> Callable[[Any], list[Line]]:
    return import_string(path)  # type: ignore[no-any-return]


def providers() -> list[str]:
    return [path for config in apps.get_app_configs() for path in getattr(config, "home_lines", ())]


def lines_for(user: Any) -> list[Line]:
    """Every app's lines for `user` with a count, urgent ones first, then in app order."""
    found = [line for path in providers() for line in _provider(path)(user) if line.count]
    return sorted(found, key=lambda line: not line.urgent)
