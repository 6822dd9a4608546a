"""The booking workflow (`core.workflow`): asked (waiting for approval) → approved or declined
with a reason; a waiting or approved booking is cancelled (by its asker, or by a manager with
the reason). Each move writes a `BookingEvent` and an audit entry "activities.booking.<action>".
Approval also needs the room free: `activities.actions.bookings.do_approve_booking` checks it
under the room's lock."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from activities.models import BookingEvent
from activities.models import BookingStatus as S
from core.workflow import Step, Table

LABELS = {
    "ask": pgettext_lazy("booking", "Asked"),
    "approve": pgettext_lazy("booking", "Approve"),
    "decline": pgettext_lazy("booking", "Decline"),
    "cancel": pgettext_lazy("booking", "Cancel booking"),
}


def _event(step: Step) -> None:
    BookingEvent.objects.create(
        booking=step.obj,
        action=step.action,
        before=step.before,
        after=step.after,
        actor=step.actor,
        note=step.note,
    )


BOOKINGS = Table.by_action(
    "activities.booking",
    S,
    {
        "approve": ((S.REQUESTED,), S.APPROVED),
        "decline": ((S.REQUESTED,), S.DECLINED),
        "cancel": ((S.REQUESTED, S.APPROVED), S.CANCELLED),
    },
    labels=LABELS,
    audit="activities.booking.{action}",
    history=_event,
)
