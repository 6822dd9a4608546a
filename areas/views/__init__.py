"""Pages of the areas app: the browser, resident cards, edit forms and the audit log."""

from areas.views.audit import audit_log
from areas.views.browse import area, browse, building, geography, household, special
from areas.views.edit import edit_building, edit_household, edit_resident
from areas.views.people import resident, reveal
from areas.views.search import search_page

__all__ = [
    "area",
    "audit_log",
    "browse",
    "building",
    "edit_building",
    "edit_household",
    "edit_resident",
    "geography",
    "household",
    "resident",
    "reveal",
    "search_page",
    "special",
]
