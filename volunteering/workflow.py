"""The workflows of volunteering: orders, micro-wishes, matched projects, and the needs and
resources they match, each a `core.workflow.Table` of (status, event) → new status.

Actions move through `core.workflow.move` and refuse anything not listed; nothing else decides.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.workflow import Step, Table, allowed
from volunteering.models import (
    ClaimEvent,
    ClaimStatus,
    NeedStatus,
    OrderEvent,
    OrderStatus,
    ProjectEvent,
    ProjectStatus,
    ResourceStatus,
    SignUpEvent,
    SignUpStatus,
    WishEvent,
    WishStatus,
)


def _actor(step: Step) -> Any:
    return step.actor if getattr(step.actor, "is_authenticated", False) else None


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
    # A resident's own wish: the community's staff publish it (as it is, or edited with a
    # note) or decline it with the reason.
    (W.SUBMITTED, "approve"): W.OPEN,
    (W.SUBMITTED, "revise"): W.OPEN,
    (W.SUBMITTED, "decline"): W.DECLINED,
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
    "submit": _("Sent for review"),
    "approve": _("Approved and published"),
    "revise": _("Edited and published"),
    "decline": pgettext_lazy("review", "Declined"),
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


PROJECT_EVENT_LABELS = {
    "match": _("Matched"),
    "start": pgettext_lazy("event", "Started"),
    "note": _("Progress"),
    "complete": _("Completed"),
    "cancel": _("Cancelled"),
}


def _events(model: type[models.Model], to: str) -> Callable[[Step], None]:
    """A table's history writer: one `model` row per move, pointing at the moved object by
    the field `to` (an order's also names the volunteer and where they checked in or out)."""

    def write(step: Step) -> None:
        model._default_manager.create(
            **{to: step.obj},
            event=step.action,
            from_status=step.before,
            to_status=step.after,
            actor=_actor(step),
            note=step.note,
            **step.extra,
        )

    return write


_order_event = _events(OrderEvent, "order")
_wish_event = _events(WishEvent, "wish")
_project_event = _events(ProjectEvent, "project")
_claim_event = _events(ClaimEvent, "claim")
_signup_event = _events(SignUpEvent, "signup")


ORDERS = Table(
    "volunteering.order",
    OrderStatus,
    ORDER_TRANSITIONS,
    labels=ORDER_EVENT_LABELS,
    audit="volunteering.order.{action}",
    history=_order_event,
    # Reassigning a taken order to the volunteer who has it changes nothing: refused.
    assigns={"assign": ("taker", _("The order is already with %(name)s."))},
)
WISHES = Table(
    "volunteering.microwish",
    WishStatus,
    WISH_TRANSITIONS,
    labels=WISH_EVENT_LABELS,
    audit="volunteering.wish.{action}",
    history=_wish_event,
)
PROJECTS = Table(
    "volunteering.project",
    ProjectStatus,
    PROJECT_TRANSITIONS,
    labels=PROJECT_EVENT_LABELS,
    audit="volunteering.project.{action}",
    history=_project_event,
)

# A need and a resource follow their project: matched together, then met (or reopened) and
# freed when it completes (or is cancelled). The project's action audits them.
N = NeedStatus
NEEDS = Table(
    "volunteering.need",
    NeedStatus,
    {
        (N.OPEN, "match"): N.MATCHED,
        (N.MATCHED, "meet"): N.MET,
        (N.MATCHED, "reopen"): N.OPEN,
        # 双向领办: claimed by a partner unit or a member, met when the community rates the
        # delivery, open again when the claim is withdrawn.
        (N.OPEN, "claim"): N.CLAIMED,
        (N.CLAIMED, "meet"): N.MET,
        (N.CLAIMED, "reopen"): N.OPEN,
        (N.OPEN, "close"): N.CLOSED,  # no longer wanted (no page offers it yet)
        # A resident's own need: published to the list as it is, or edited, or declined.
        (N.SUBMITTED, "approve"): N.OPEN,
        (N.SUBMITTED, "revise"): N.OPEN,
        (N.SUBMITTED, "decline"): N.DECLINED,
    },
    audit=None,
)
R = ResourceStatus
RESOURCES = Table(
    "volunteering.resource",
    ResourceStatus,
    {
        (R.AVAILABLE, "match"): R.MATCHED,
        (R.MATCHED, "free"): R.AVAILABLE,
        (R.AVAILABLE, "withdraw"): R.WITHDRAWN,  # no longer offered (no page offers it yet)
    },
    audit=None,
)


# 双向领办与评价: a claim of a need or a project by a partner unit or a member. The claimant
# reports the delivery (or withdraws); the community rates it, or sends it back for more.
K = ClaimStatus
CLAIM_EVENT_LABELS = {
    "claim": pgettext_lazy("claim", "Claimed"),
    "deliver": pgettext_lazy("claim", "Delivery reported"),
    "send_back": pgettext_lazy("claim", "Sent back"),
    "rate": pgettext_lazy("claim", "Rated by the community"),
    "withdraw": pgettext_lazy("claim", "Withdrawn"),
}
CLAIMS = Table.by_action(
    "volunteering.claim",
    ClaimStatus,
    {
        "deliver": ((K.CLAIMED,), K.DELIVERED),
        "withdraw": ((K.CLAIMED,), K.WITHDRAWN),
        "send_back": ((K.DELIVERED,), K.CLAIMED),
        "rate": ((K.DELIVERED,), K.RATED),
    },
    labels=CLAIM_EVENT_LABELS,
    audit="volunteering.claim.{action}",
    history=_claim_event,
)
SU = SignUpStatus
SIGNUPS = Table(
    "volunteering.signup",
    SignUpStatus,
    {
        (SU.HELD, "cancel"): SU.CANCELLED,
        (SU.WAITING, "cancel"): SU.CANCELLED,
        (SU.WAITING, "move_up"): SU.HELD,  # a place came free: the first waiting takes it
        (SU.HELD, "check_in"): SU.ATTENDED,
        (SU.WAITING, "check_in"): SU.ATTENDED,  # staff let in someone waiting (a free seat)
        (SU.HELD, "no_show"): SU.NO_SHOW,  # the event ended without them
        (SU.CANCELLED, "sign_up"): SU.HELD,  # signing up again after cancelling
        (SU.CANCELLED, "queue"): SU.WAITING,
    },
    labels={
        "sign_up": _("Signed up"),
        "queue": _("Put on the waiting list"),
        "cancel": _("Cancelled"),
        "move_up": _("Moved up from the waiting list"),
        "check_in": _("Checked in"),
        "no_show": _("No-show"),
    },
    audit="volunteering.signup.{action}",
    history=_signup_event,
)
SIGNUP_ACTIVE = frozenset({SU.HELD, SU.WAITING})


# What a review does (a wish's and a need's), and the statuses of a resident's post that
# still count against their household's limit of open posts.
REVIEW_LABELS = {
    "approve": WISH_EVENT_LABELS["approve"],
    "revise": WISH_EVENT_LABELS["revise"],
    "decline": WISH_EVENT_LABELS["decline"],
}
WISH_OPEN_POSTS = frozenset({W.SUBMITTED, W.OPEN, W.CLAIMED, W.FULFILLED})
NEED_OPEN_POSTS = frozenset({N.SUBMITTED, N.OPEN, N.MATCHED, N.CLAIMED})


def order_events_from(status: str) -> set[str]:
    return set(allowed(ORDERS, status))


def wish_events_from(status: str) -> set[str]:
    return set(allowed(WISHES, status))


# Consultation's tables (topics, meetings, follow-ups) live beside its code; importing them
# here registers them with the workflow core whenever volunteering's workflow is loaded.
from volunteering.consultation import workflow as consultation_workflow  # noqa: E402, F401
