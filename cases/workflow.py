"""The case workflow: statuses, levels and the one table of allowed transitions (`TABLE`, in
the type of `core.workflow`), with the rule of the deadline sweep.

Every status change goes through the table (`core.workflow.move`, or `check` where an action
does more than a move). Nothing else in the code decides whether a case may move.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import grid_level
from core.refusal import Conflict
from core.workflow import Step, Table, check
from core.workflow import allowed as allowed_from


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


class RequestStatus(models.TextChoices):
    """An extension or suspension request (`cases.models.CaseRequest`)."""

    PENDING = "pending", _("Pending")
    APPROVED = "approved", pgettext_lazy("case request", "Approved")
    DENIED = "denied", _("Denied")
    # Closed undecided: the case moved on (handled, closed, escalated, ...) while it waited.
    LAPSED = "lapsed", pgettext_lazy("case request", "Lapsed")


S = Status

# Groups that queries ask for (FixMyStreet's open / closed idea).
OPEN = frozenset({S.REPORTED, S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS, S.SUSPENDED, S.HANDLED})
# Open cases whose deadline clock runs (a suspended case's clock is stopped).
RUNNING = frozenset({S.REPORTED, S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS})
ENDED = frozenset({S.REJECTED, S.MERGED, S.CLOSED})
# Cases that left without being handled: never due, never open (the figures' definitions).
GONE = frozenset({S.REJECTED, S.MERGED})
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
    # The deadline sweep (cases.sweep): a running case past its deadline is flagged and
    # climbs a level; its status stays.
    "overdue": (RUNNING, None),
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


def refused(current: str, action: str) -> str:
    verb = ACTION_VERBS.get(action, action)
    status = Status(current).label if current in Status.values else current
    return str(
        _("This case is “%(status)s” now and cannot be %(action)s. Reload to see its state.")
        % {"status": status, "action": verb}
    )


def write_history(step: Step) -> None:
    """A move's timeline entry (`extra` may give the level it started from and the time)."""
    from cases.actions._base import history

    history(
        step.obj,
        step.action,
        step.actor,
        from_status=step.before,
        from_level=step.extra.get("from_level"),
        note=step.note,
        at=step.extra.get("at"),
    )


TABLE = Table.by_action(
    "cases.case",
    Status,
    TRANSITIONS,
    labels=ACTION_LABELS,
    audit="case.{action}",
    history=write_history,
    refused=refused,
    touch=("updated_at",),
    # Dispatching to the handler who has the case, or handing it to its owner, changes
    # nothing: refused, so a repeated or racing request writes and notifies once.
    assigns={
        "dispatch": ("handler", _("This case is already dispatched to %(name)s.")),
        "hand_over": ("owner", _("%(name)s already owns this case.")),
    },
)


# The deadline sweep's rule, stated once. The cases it may sweep: running (the statuses
# "overdue" starts from) and still able to climb a level or to be flagged at the top. The
# partial index `case_sweep_idx` has this condition; the sweep's SQL reads only rows past
# due_at through it.
CLIMBS_BELOW = Level.DISTRICT
SWEPT = Q(status__in=sorted(TABLE.sources("overdue"))) & (
    Q(level__lt=CLIMBS_BELOW) | Q(overdue=False)
)


def escalation(status: str, level: int) -> tuple[int, str | None]:
    """What the sweep does to an overdue case besides flagging it 督办: the level it goes to
    and the clock that restarts there ("accept_due" while it waits to be accepted, else
    "handle_due"; None at the top, where it stays)."""
    if level >= CLIMBS_BELOW:
        return level, None
    return level + 1, "accept_due" if status == Status.REPORTED else "handle_due"


class IllegalTransition(Conflict):
    """A status change the table does not allow; the message says why."""

    def __init__(self, action: str, current: str) -> None:
        self.action = action
        self.current = current
        super().__init__(refused(current, action))


def allowed(action: str, current: str) -> bool:
    """May a case in `current` take `action`? (`core.workflow.allowed` lists them all.)"""
    return current in TABLE.sources(action)


def transition(action: str, current: str) -> str:
    """The status after `action` from `current`, or IllegalTransition."""
    try:
        return check(TABLE, current, action)
    except Conflict:
        raise IllegalTransition(action, current) from None


def actions_from(current: str) -> list[str]:
    return allowed_from(TABLE, current)


R = RequestStatus
# A request is decided once by the level above, or lapses when the case moves on; its
# timeline entry and audit entry are the case's (the deciding action writes them).
REQUEST_TABLE = Table.by_action(
    "cases.caserequest",
    RequestStatus,
    {
        "approve": ({R.PENDING}, R.APPROVED),
        "deny": ({R.PENDING}, R.DENIED),
        "lapse": ({R.PENDING}, R.LAPSED),
    },
    audit=None,
)
