"""Sign-up to community events: a place while places last, else the waiting list, which moves
up when someone cancels; check-in on the day with the organiser's code; no-shows once it is
over. Every change of a sign-up moves through `volunteering.workflow.SIGNUPS`.

Races: every write here locks the event row first (`select_for_update`), so two residents
taking the last place are served one after the other: one holds it, the other waits."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core import audit
from core.timeutil import now, shown
from core.workflow import Notice, move
from volunteering import permissions
from volunteering.actions.common import refuse
from volunteering.models import Attendance, CommunityEvent, SignUp, SignUpEvent, SignUpStatus

S = SignUpStatus
CODE_DIGITS = 6
PLACES = (S.HELD, S.ATTENDED, S.NO_SHOW)  # the sign-ups that take a place


def checkin_opens(event: CommunityEvent) -> dt.datetime:
    """Check-in opens this long before the start (`LINLI_CHECKIN_EARLY_MINUTES`, 30)."""
    minutes = int(getattr(settings, "LINLI_CHECKIN_EARLY_MINUTES", 30))
    return event.starts_at - dt.timedelta(minutes=minutes)


def checkin_closes(event: CommunityEvent) -> dt.datetime:
    """Check-in closes this long after the end (`LINLI_CHECKIN_LATE_MINUTES`, 60); held
    places not checked in by then are no-shows."""
    minutes = int(getattr(settings, "LINLI_CHECKIN_LATE_MINUTES", 60))
    return event.ends_at + dt.timedelta(minutes=minutes)


def new_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def places_taken(event: CommunityEvent) -> int:
    return event.signups.filter(status__in=PLACES).count()


def _lock(event: CommunityEvent) -> CommunityEvent:
    return (
        CommunityEvent.objects.select_for_update(of=("self",))
        .select_related("community", "signup_area")
        .get(pk=event.pk)
    )


def _created(signup: SignUp, actor: User) -> None:
    SignUpEvent.objects.create(
        signup=signup,
        event="sign_up" if signup.status == S.HELD else "queue",
        to_status=signup.status,
        actor=actor,
    )
    audit.record(
        actor,
        f"volunteering.signup.{'sign_up' if signup.status == S.HELD else 'queue'}",
        signup,
        {"event": signup.event_id, "status": signup.status},
    )


@transaction.atomic
def do_sign_up(event: CommunityEvent, *, actor: User) -> SignUp:
    """A resident asks for a place: held while the capacity lasts, else on the waiting list
    (in the order asked). Refused when the event takes no sign-ups, before it opens, after it
    closes, when cancelled, outside its area or group, or when already signed up."""
    if not permissions.events_visible_to(actor).filter(pk=event.pk).exists():
        raise refuse(_("Not found."), 404)
    event = _lock(event)
    if event.cancelled:
        raise refuse(_("The event is cancelled."), 409)
    if not event.takes_signups:
        raise refuse(_("This event takes no sign-ups."), 409)
    moment = now()
    assert event.signup_opens_at is not None
    if moment < event.signup_opens_at:
        raise refuse(_("Sign-up opens at %(at)s.") % {"at": shown(event.signup_opens_at)}, 409)
    if moment >= event.signup_closes:
        raise refuse(_("Sign-up closed at %(at)s.") % {"at": shown(event.signup_closes)}, 409)
    why = permissions.signup_refusal(actor, event)
    if why:
        raise refuse(why, 403)
    full = event.capacity is not None and places_taken(event) >= event.capacity
    status = S.WAITING if full else S.HELD
    signup = SignUp.objects.filter(event=event, user=actor).first()
    if signup is None:
        try:
            with transaction.atomic():
                signup = SignUp.objects.create(
                    event=event, user=actor, status=status, queued_at=moment
                )
        except IntegrityError:
            raise refuse(_("You have already signed up."), 409) from None
        _created(signup, actor)
        return signup
    if signup.status != S.CANCELLED:
        raise refuse(_("You have already signed up."), 409)
    return move(
        signup,
        "queue" if full else "sign_up",
        actor,
        changes={"queued_at": moment},
    )


def _move_up(event: CommunityEvent, actor: Any) -> list[SignUp]:
    """Give free places to the first on the waiting list, each told in their inbox."""
    moved: list[SignUp] = []
    if event.cancelled or event.starts_at <= now():
        return moved
    free = None if event.capacity is None else event.capacity - places_taken(event)
    waiting = event.signups.select_for_update().filter(status=S.WAITING).order_by("queued_at", "pk")
    for signup in waiting if free is None else waiting[: max(free, 0)]:
        url = reverse("volunteering:event_page", args=[event.pk])
        moved.append(
            move(
                signup,
                "move_up",
                actor,
                locked=True,
                notices=[
                    Notice(
                        [signup.user_id],
                        gettext_lazy("You have a place: %(title)s"),
                        gettext_lazy(
                            "A place came free at %(title)s (%(at)s) and it is yours. "
                            "Cancel if you cannot come."
                        ),
                        url,
                        {"title": event.title, "at": shown(event.starts_at)},
                    )
                ],
            )
        )
    return moved


@transaction.atomic
def do_cancel_sign_up(event: CommunityEvent, *, actor: User) -> SignUp:
    """A resident gives up their place or their turn before the event starts; a place given
    up goes to the first on the waiting list."""
    event = _lock(event)
    signup = SignUp.objects.select_for_update().filter(event=event, user=actor).first()
    if signup is None or signup.status not in (S.HELD, S.WAITING):
        raise refuse(_("You have no sign-up to cancel."), 409)
    if event.starts_at <= now():
        raise refuse(_("The event has started; a sign-up can no longer be cancelled."), 409)
    move(signup, "cancel", actor, locked=True)
    _move_up(event, actor)
    return signup


def move_up_after_change(event: CommunityEvent, actor: Any) -> list[SignUp]:
    """After the capacity grew (the caller holds the event's lock)."""
    return _move_up(event, actor)


def waiting_position(signup: SignUp) -> int | None:
    """1 for the first on the waiting list; None when not waiting."""
    if signup.status != S.WAITING:
        return None
    ahead = (
        SignUp.objects.filter(event_id=signup.event_id, status=S.WAITING)
        .filter(queued_at__lt=signup.queued_at)
        .count()
        + SignUp.objects.filter(
            event_id=signup.event_id, status=S.WAITING, queued_at=signup.queued_at, pk__lt=signup.pk
        ).count()
    )
    return ahead + 1


def attend(event: CommunityEvent, user: User, actor: User) -> Attendance:
    """Record `user`'s attendance of the locked `event` once, move their sign-up (if any) to
    attended, and credit the kind's points once (`events.award_attendance`)."""
    from volunteering.actions.events import award_attendance

    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(event=event, user=user, recorded_by=actor)
    except IntegrityError:
        raise refuse(
            _("%(name)s is already recorded for this event.") % {"name": user.name}, 409
        ) from None
    signup = SignUp.objects.select_for_update().filter(event=event, user=user).first()
    if signup is not None and signup.status in (S.HELD, S.WAITING):
        move(signup, "check_in", actor, locked=True)
    entry = award_attendance(attendance, actor)
    attendance.points = entry.amount if entry is not None else 0
    attendance.save(update_fields=["points"])
    audit.record(
        actor, "volunteering.event.attend", event, {"user": user.pk, "points": attendance.points}
    )
    return attendance


@transaction.atomic
def do_check_in_event(event: CommunityEvent, *, code: str, actor: User) -> Attendance:
    """A resident checks in with the code the organiser shows (typed, or in the QR's
    address): from `checkin_opens` until `checkin_closes`, holding a place when the event
    takes sign-ups (else living where it is for). Earns the kind's points once."""
    if not permissions.events_visible_to(actor).filter(pk=event.pk).exists():
        raise refuse(_("Not found."), 404)
    event = _lock(event)
    if event.cancelled:
        raise refuse(_("The event is cancelled; it takes no attendance."), 409)
    typed = "".join((code or "").split())
    if not event.checkin_code or not secrets.compare_digest(typed, event.checkin_code):
        raise refuse(_("That is not the check-in code of this event."), 400)
    moment = now()
    if moment < checkin_opens(event):
        raise refuse(_("Check-in opens at %(at)s.") % {"at": shown(checkin_opens(event))}, 409)
    if moment > checkin_closes(event):
        raise refuse(_("Check-in closed at %(at)s.") % {"at": shown(checkin_closes(event))}, 409)
    if Attendance.objects.filter(event=event, user=actor).exists():
        raise refuse(_("You have already checked in."), 409)
    if event.takes_signups:
        signup = SignUp.objects.filter(event=event, user=actor).first()
        if signup is None or signup.status == S.CANCELLED:
            raise refuse(_("You have not signed up for this event."), 403)
        if signup.status == S.WAITING:
            raise refuse(_("You are on the waiting list and hold no place."), 409)
        if signup.status != S.HELD:
            raise refuse(_("Your sign-up is closed."), 409)
    else:
        why = permissions.signup_refusal(actor, event)
        if why:
            raise refuse(why, 403)
    return attend(event, actor, actor)


@transaction.atomic
def do_mark_no_shows(event: CommunityEvent, *, actor: Any = None) -> int:
    """Once check-in has closed, every place still held is a no-show (counted for the event
    and for the resident). Run by the nightly sweep (`tasks.event_sweep_task`) or by the organiser."""
    event = _lock(event)
    if event.cancelled or now() <= checkin_closes(event):
        if actor is not None and not event.cancelled:
            raise refuse(
                _("Check-in is open until %(at)s.") % {"at": shown(checkin_closes(event))}, 409
            )
        return 0
    held = list(event.signups.select_for_update().filter(status=S.HELD))
    for signup in held:
        move(signup, "no_show", actor, locked=True)
    return len(held)


def mark_due_no_shows() -> int:
    """The sweep: no-shows of every event whose check-in closed within the last 30 days."""
    moment = now()
    late = dt.timedelta(minutes=int(getattr(settings, "LINLI_CHECKIN_LATE_MINUTES", 60)))
    due = CommunityEvent.objects.filter(
        cancelled_at__isnull=True,
        ends_at__lt=moment - late,
        ends_at__gte=moment - dt.timedelta(days=30),
        signups__status=S.HELD,
    ).distinct()
    return sum(do_mark_no_shows(event) for event in due)
