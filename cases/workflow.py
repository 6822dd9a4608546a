"""The case workflow: statuses, levels and the one table of allowed transitions.

Every status change goes through `transition(action, current)`, which answers the
next status or raises `IllegalTransition`. Nothing else in the code decides
whether a case may move.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    REPORTED = "reported", _("Reported")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged")
    DISPATCHED = "dispatched", _("Dispatched")
    IN_PROGRESS = "in_progress", _("In progress")
    SUSPENDED = "suspended", _("Suspended")
    HANDLED = "handled", _("Handled")
    VERIFIED = "verified", _("Verified")
    CLOSED = "closed", _("Closed")


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


# The area-tree level name that each case level sits on.
LEVEL_AREA = {
    Level.GRID: "grid",
    Level.COMMUNITY: "community",
    Level.SUBDISTRICT: "subdistrict",
    Level.DISTRICT: "district",
}


def code_length(level: int) -> int:
    """Digits of an area code at a case level (district 6, subdistrict 9, ...)."""
    name = LEVEL_AREA[Level(level)]
    total = 0
    for level_name, digits in settings.LINLI_AREA_LEVELS:
        total += digits
        if level_name == name:
            return total
    raise KeyError(name)


def level_of_area(area_level: str) -> Level:
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
    "report": _("Reported"),
    "accept": _("Accepted"),
    "reject": _("Rejected"),
    "merge": _("Merged into another case"),
    "dispatch": _("Dispatched"),
    "start": _("Work started"),
    "handle": _("Handled"),
    "verify_pass": _("Verification passed"),
    "verify_fail": _("Verification failed, sent back for rework"),
    "close": _("Closed"),
    "resolve_on_spot": _("Resolved on the spot"),
    "reopen": _("Reopened"),
    "escalate": _("Escalated"),
    "overdue": _("Overdue: escalated automatically"),
    "request_extension": _("Extension requested"),
    "extend": _("Extension approved"),
    "request_suspension": _("Suspension requested"),
    "suspend": _("Suspension approved"),
    "deny": _("Request denied"),
    "resume": _("Resumed"),
    "hand_over": _("Ownership handed over"),
    "revisit": _("Revisited"),
    "rate": _("Rated"),
    "escalate_mediation": _("Mediation escalated"),
}


# What each action does, for refusals ("… cannot be dispatched").
ACTION_VERBS = {
    "accept": _("accepted"),
    "reject": _("rejected"),
    "merge": _("merged"),
    "dispatch": _("dispatched"),
    "start": _("started"),
    "handle": _("reported as handled"),
    "verify_pass": _("verified"),
    "verify_fail": _("sent back for rework"),
    "close": _("closed"),
    "resolve_on_spot": _("resolved on the spot"),
    "reopen": _("reopened"),
    "escalate": _("escalated"),
    "request_extension": _("extended"),
    "extend": _("extended"),
    "request_suspension": _("suspended"),
    "suspend": _("suspended"),
    "resume": _("resumed"),
    "hand_over": _("handed over"),
    "revisit": _("revisited"),
    "rate": _("rated"),
    "support": _("supported"),
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
