"""Intake: a report from any channel, checked, routed and stored.

- `checks`: the report's category, text, coordinates and place, and who may report there on
  its channel;
- `rows`: the rows a checked report becomes (case, first timeline entry, audit entry, the
  desks' notices), with their deadlines and the values their INSERTs send;
- `store`: the group-commit writer that stores reports arriving together in one
  transaction (`writer`), and moves a patrol report on as its worker's task;
- `report`: `do_report_case`, the one action that runs them in turn.
"""

from cases.actions.intake.checks import forget_categories, resolve_category
from cases.actions.intake.report import do_report_case
from cases.actions.intake.store import writer

__all__ = [
    "do_report_case",
    "forget_categories",
    "resolve_category",
    "writer",
]
