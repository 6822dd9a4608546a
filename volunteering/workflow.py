"""The allowed transitions of orders, micro-wishes and projects: (status, event) → new status.

Actions look a move up here and refuse anything not listed; nothing else decides.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from volunteering.models import OrderStatus, ProjectStatus, WishStatus

S = OrderStatus
ORDER_TRANSITIONS: dict[tuple[str, str], str] = {
    (S.REQUESTED, "publish"): S.PUBLISHED,  # 下单: staff publish to a team or to all
    (S.REQUESTED, "reject"): S.REJECTED,
    (S.REQUESTED, "cancel"): S.CANCELLED,
    (S.PUBLISHED, "take"): S.TAKEN,  # 接单: the first volunteer wins
    (S.PUBLISHED, "assign"): S.TAKEN,  # staff hand it to a volunteer directly
    (S.PUBLISHED, "cancel"): S.CANCELLED,
    (S.TAKEN, "check_in"): S.IN_PROGRESS,
    (S.TAKEN, "release"): S.PUBLISHED,  # the volunteer gives it back
    (S.TAKEN, "no_show"): S.PUBLISHED,  # the volunteer did not turn up: back on the board
    (S.TAKEN, "assign"): S.TAKEN,  # reassignment to another volunteer
    (S.TAKEN, "cancel"): S.CANCELLED,
    (S.IN_PROGRESS, "check_out"): S.FINISHED,
    (S.FINISHED, "confirm"): S.CONFIRMED,  # the resident confirms and rates
}

ORDER_EVENT_LABELS = {
    "request": _("Requested"),
    "publish": _("Published"),
    "reject": _("Rejected"),
    "cancel": _("Cancelled"),
    "take": _("Taken"),
    "assign": _("Assigned"),
    "check_in": _("Checked in"),
    "check_out": _("Checked out"),
    "release": _("Given back"),
    "no_show": _("No-show"),
    "confirm": _("Confirmed and rated"),
}

ORDER_OPEN = frozenset({S.REQUESTED, S.PUBLISHED, S.TAKEN, S.IN_PROGRESS, S.FINISHED})
ORDER_CLOSED = frozenset({S.CONFIRMED, S.REJECTED, S.CANCELLED})

W = WishStatus
WISH_TRANSITIONS: dict[tuple[str, str], str] = {
    (W.OPEN, "claim"): W.CLAIMED,
    (W.OPEN, "cancel"): W.CANCELLED,
    (W.CLAIMED, "fulfil"): W.FULFILLED,
    (W.CLAIMED, "release"): W.OPEN,
    (W.CLAIMED, "cancel"): W.CANCELLED,
    (W.FULFILLED, "confirm"): W.CONFIRMED,
    (W.FULFILLED, "send_back"): W.CLAIMED,  # staff ask for a better proof
}

WISH_EVENT_LABELS = {
    "post": _("Posted"),
    "claim": _("Claimed"),
    "cancel": _("Cancelled"),
    "fulfil": _("Fulfilled"),
    "release": _("Given back"),
    "confirm": _("Confirmed"),
    "send_back": _("Sent back"),
    "flag": _("Flagged as stalled"),
}

P = ProjectStatus
PROJECT_TRANSITIONS: dict[tuple[str, str], str] = {
    (P.MATCHED, "start"): P.IN_PROGRESS,
    (P.MATCHED, "cancel"): P.CANCELLED,
    (P.IN_PROGRESS, "note"): P.IN_PROGRESS,
    (P.IN_PROGRESS, "complete"): P.COMPLETED,
    (P.IN_PROGRESS, "cancel"): P.CANCELLED,
}


class TransitionError(Exception):
    """A move the table does not allow, or a rule of the move broken; nothing is stored."""

    def __init__(self, message: str, code: int = 409) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def next_status(table: dict[tuple[str, str], str], status: str, event: str) -> str:
    try:
        return table[(status, event)]
    except KeyError:
        raise TransitionError(
            str(_("This cannot be done now (status: %(status)s).") % {"status": status})
        ) from None


def order_events_from(status: str) -> set[str]:
    return {event for (s, event) in ORDER_TRANSITIONS if s == status}


def wish_events_from(status: str) -> set[str]:
    return {event for (s, event) in WISH_TRANSITIONS if s == status}


PROJECT_EVENT_LABELS = {
    "match": _("Matched"),
    "start": pgettext_lazy("event", "Started"),
    "note": _("Progress"),
    "complete": _("Completed"),
    "cancel": _("Cancelled"),
}
