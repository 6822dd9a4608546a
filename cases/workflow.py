"""The case workflow: statuses, levels and the one table of allowed transitions.

Every status change goes through `transition(action, current)`, which answers the
next status or raises `IllegalTransition`. Nothing else in the code decides
whether a case may move.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import grid_level


class Status(models.TextChoices):
    REPORTED = "reported", pgettext_lazy("case status", "Reported")
    ACCEPTED = "accepted", pgettext_lazy("case status", "Accepted")
    REJECTED = "rejected", pgettext_lazy("case status", "Rejected")
    MERGED = "merged", pgettext_lazy("case status", "Merged")
    DISPATCHED = "dispatched", pgettext_lazy("case status", "Dispatched")
    IN_PROGRESS = "in_progress", pgettext_lazy("case status", "In progress")
    SUSPENDED = "suspended", pgettext_lazy("case status", "Suspended")
    HANDLED = "handled", pgettext_lazy("case status", "Handled")
    VERIFIED = "verified", pgettext_lazy("case status", "Verified")
    CLOSED = "closed", pgettext_lazy("case status", "Closed")


S = Status

# Groups that queries ask for (FixMyStreet's open / closed idea).
OPEN = frozenset({S.REPORTED, S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS, S.SUSPENDED, S.HANDLED})
# Open cases whose deadline clock runs (a suspended case's clock is stopped).
RUNNING = frozenset({S.REPORTED, S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS})
ENDED = frozenset({S.REJECTED, S.MERGED, S.CLOSED})
BADGE = {
    S.REPORTED: "amber",
    S.ACCEPTED: "amber",
    S.DISPATCHED: "amber",
    S.IN_PROGRESS: "amber",
    S.SUSPENDED: "",
    S.HANDLED: "amber",
    S.VERIFIED: "green",
    S.CLOSED: "green",
    S.REJECTED: "red",
    S.MERGED: "",
}


class Level(models.IntegerChoices):
    """Who handles a case: 微事不出格、小事不出村、大事不出镇."""

    GRID = 0, _("Grid")
    COMMUNITY = 1, _("Community")
    SUBDISTRICT = 2, _("Subdistrict")
    DISTRICT = 3, _("District and departments")


# The area-tree level name that each case level above the grid sits on.
LEVEL_AREA = {
    Level.COMMUNITY: "community",
    Level.SUBDISTRICT: "subdistrict",
    Level.DISTRICT: "district",
}


def area_level(level: int) -> str:
    """The area-tree level a case level sits on: the configured grid level for Level.GRID
    ("grid", or "zone" in a 户—队—片—区 tree)."""
    if level == Level.GRID:
        return grid_level()
    return LEVEL_AREA[Level(level)]


def code_length(level: int) -> int:
    """Digits of an area code at a case level (district 6, subdistrict 9, ...)."""
    name = area_level(level)
    total = 0
    for level_name, digits in settings.LINLI_AREA_LEVELS:
        total += digits
        if level_name == name:
            return total
    raise KeyError(name)


def level_of_area(area_level: str) -> Level:
    """The case level of an area level; every level below the community is the grid's."""
    for level, name in LEVEL_AREA.items():
        if name == area_level:
            return level
    return Level.GRID


# action -> (statuses it may start from, status it leads to). None keeps the status.
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "accept": (frozenset({S.REPORTED}), S.ACCEPTED),
    "reject": (frozenset({S.REPORTED}), S.REJECTED),
    "merge": (frozenset({S.REPORTED, S.ACCEPTED}), S.MERGED),
    "dispatch": (frozenset({S.ACCEPTED, S.DISPATCHED}), S.DISPATCHED),
    "start": (frozenset({S.DISPATCHED}), S.IN_PROGRESS),
    "handle": (frozenset({S.DISPATCHED, S.IN_PROGRESS}), S.HANDLED),
    "verify_pass": (frozenset({S.HANDLED}), S.VERIFIED),
    "verify_fail": (frozenset({S.HANDLED}), S.IN_PROGRESS),  # rework
    "close": (frozenset({S.VERIFIED}), S.CLOSED),
    "resolve_on_spot": (frozenset({S.REPORTED}), S.CLOSED),
    "reopen": (frozenset({S.CLOSED}), S.ACCEPTED),
    "escalate": (frozenset({S.REPORTED, S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS}), S.ACCEPTED),
    "request_extension": (frozenset({S.DISPATCHED, S.IN_PROGRESS}), None),
    "extend": (frozenset({S.DISPATCHED, S.IN_PROGRESS}), None),
    "request_suspension": (frozenset({S.DISPATCHED, S.IN_PROGRESS}), None),
    "suspend": (frozenset({S.DISPATCHED, S.IN_PROGRESS}), S.SUSPENDED),
    "resume": (frozenset({S.SUSPENDED}), S.IN_PROGRESS),
    "hand_over": (OPEN | {S.VERIFIED}, None),
    "revisit": (frozenset({S.CLOSED}), None),
    "rate": (frozenset({S.CLOSED}), None),
    "support": (OPEN | {S.VERIFIED}, None),
}

ACTION_LABELS = {
    "report": pgettext_lazy("case history", "Reported"),
    "accept": pgettext_lazy("case history", "Accepted"),
    "reject": pgettext_lazy("case history", "Rejected"),
    "merge": pgettext_lazy("case history", "Merged into another case"),
    "dispatch": pgettext_lazy("case history", "Dispatched"),
    "start": pgettext_lazy("case history", "Work started"),
    "handle": pgettext_lazy("case history", "Handled"),
    "verify_pass": pgettext_lazy("case history", "Verification passed"),
    "verify_fail": pgettext_lazy("case history", "Verification failed, sent back for rework"),
    "close": pgettext_lazy("case history", "Closed"),
    "resolve_on_spot": pgettext_lazy("case history", "Resolved on the spot"),
    "reopen": pgettext_lazy("case history", "Reopened"),
    "escalate": pgettext_lazy("case history", "Escalated"),
    "take_over": pgettext_lazy("case history", "Taken over by the level above"),
    "overdue": pgettext_lazy("case history", "Overdue: escalated automatically"),
    "request_extension": pgettext_lazy("case history", "Extension requested"),
    "extend": pgettext_lazy("case history", "Extension approved"),
    "request_suspension": pgettext_lazy("case history", "Suspension requested"),
    "suspend": pgettext_lazy("case history", "Suspension approved"),
    "deny": pgettext_lazy("case history", "Request denied"),
    "lapse": pgettext_lazy("case history", "Pending request lapsed: the case moved on"),
    "resume": pgettext_lazy("case history", "Resumed"),
    "hand_over": pgettext_lazy("case history", "Ownership handed over"),
    "revisit": pgettext_lazy("case history", "Revisited"),
    "rate": pgettext_lazy("case history", "Rated"),
    "open_dispute": pgettext_lazy("case history", "Recorded as a dispute"),
    "mediation": pgettext_lazy("case history", "Mediation session recorded"),
    "agreement": pgettext_lazy("case history", "Mediation agreement recorded"),
    "escalate_mediation": pgettext_lazy("case history", "Mediation escalated"),
    "refer_to_court": pgettext_lazy("case history", "Referred to court (诉源治理)"),
}


# What each action does, for refusals ("… cannot be dispatched").
ACTION_VERBS = {
    "accept": pgettext_lazy("case action", "accepted"),
    "reject": pgettext_lazy("case action", "rejected"),
    "merge": pgettext_lazy("case action", "merged"),
    "dispatch": pgettext_lazy("case action", "dispatched"),
    "start": pgettext_lazy("case action", "started"),
    "handle": pgettext_lazy("case action", "reported as handled"),
    "verify_pass": pgettext_lazy("case action", "verified"),
    "verify_fail": pgettext_lazy("case action", "sent back for rework"),
    "close": pgettext_lazy("case action", "closed"),
    "resolve_on_spot": pgettext_lazy("case action", "resolved on the spot"),
    "reopen": pgettext_lazy("case action", "reopened"),
    "escalate": pgettext_lazy("case action", "escalated"),
    "request_extension": pgettext_lazy("case action", "extended"),
    "extend": pgettext_lazy("case action", "extended"),
    "request_suspension": pgettext_lazy("case action", "suspended"),
    "suspend": pgettext_lazy("case action", "suspended"),
    "resume": pgettext_lazy("case action", "resumed"),
    "hand_over": pgettext_lazy("case action", "handed over"),
    "revisit": pgettext_lazy("case action", "revisited"),
    "rate": pgettext_lazy("case action", "rated"),
    "support": pgettext_lazy("case action", "supported"),
}


class IllegalTransition(Exception):
    """A status change the table does not allow; the message says why."""

    def __init__(self, action: str, current: str) -> None:
        self.action = action
        self.current = current
        verb = ACTION_VERBS.get(action, action)
        status = Status(current).label if current in Status.values else current
        super().__init__(
            _("This case is “%(status)s” now and cannot be %(action)s. Reload to see its state.")
            % {"status": status, "action": verb}
        )


def allowed(action: str, current: str) -> bool:
    sources, _target = TRANSITIONS[action]
    return current in sources


def transition(action: str, current: str) -> str:
    """The status after `action` from `current`, or IllegalTransition."""
    if action not in TRANSITIONS:
        raise KeyError(action)
    sources, target = TRANSITIONS[action]
    if current not in sources:
        raise IllegalTransition(action, current)
    return current if target is None else target


def actions_from(current: str) -> list[str]:
    return [a for a, (sources, _t) in TRANSITIONS.items() if current in sources]
