"""Signals of our own: a lower app announces, a higher one reacts (DESIGN.md's layers).

`rows_written` is sent (sender: the model class) after a bulk write that bypasses
`Model.save()` — `bulk_create`, `bulk_update`, `QuerySet.update` — so caches built from
those rows can follow them as they do `post_save`.

`grids_succeeded` is sent by `areas.division` while it applies a division plan, inside the
plan's transaction, after buildings and households have moved to the plan's grids and the
grids the plan replaces are deactivated. It lives here, not in `areas`, so that `accounts`
(below `areas`) can react to it without importing `areas`. Keyword arguments:

- `successors`: `dict[str, list[str]]`, each grid code the plan retires → the codes of the
  plan's grids that took its households, most households first (`[]`: none is left);
- `grids`: `dict[str, Area]`, every grid of the plan (kept or created) by code;
- `plan`: the applied `DivisionPlan` (for links), `actor`: who applies it.

A receiver moves what it keeps on the retired grids (postings, branches …), writes an audit
entry per move, and returns a `Succession`: lines for the plan's apply report and the
accounts to tell. An exception in a receiver rolls the whole application back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.dispatch import Signal

rows_written = Signal()

grids_succeeded = Signal()


@dataclass
class Succession:
    """What a receiver of `grids_succeeded` did: report lines by section, accounts to notify."""

    report: dict[str, list[Any]] = field(default_factory=dict)
    notify: list[Any] = field(default_factory=list)
