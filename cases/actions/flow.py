"""From dispatch to rating: dispatch, handle, verify, close, rate, revisit, escalate, hand over."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cases import photos as photo_checks
from cases.actions._base import (
    act_as_desk,
    act_as_handler,
    desk_users,
    followers,
    history,
    lock,
    move,
    now,
    tell,
    tell_progress,
)
from cases.models import Case, CasePhoto, PhotoStage, Rating
from cases.permissions import (
    acts_above,
    is_desk,
    is_handler_for,
    require_revisitor,
    require_view,
)
from cases.workflow import TABLE, Level, Status
from core import audit, workflow
from core.i18n import site_language
from core.refusal import Conflict, Forbidden, Invalid, NotFound, Refusal

REOPEN_WINDOW = dt.timedelta(days=7)


def stars(score: int) -> str:
    """A rating as the timeline shows it, the same in every language: 4 → ★★★★☆."""
    return "★" * score + "☆" * (5 - score)


def _text(value: Any, limit: int, field: str, required: bool) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise Invalid(_("Please give a reason."), field)
    if len(text) > limit:
        raise Invalid(_("At most %(n)d characters.") % {"n": limit}, field)
    return text


def _dispatch_one(c: Case, to: Any, actor: Any, note: str) -> None:
    act_as_desk(c, actor)
    if to is None or not to.is_active or not is_handler_for(to, c.area_code):
        raise Invalid(_("%(name)s cannot handle cases in this area.") % {"name": to}, "to")
    move(c, "dispatch", actor, note=note, changes={"handler": to})


@transaction.atomic
def do_dispatch_case(case: Case | int, *, to: Any, actor: Any, note: str = "") -> Case:
    """Dispatch an accepted case (or re-dispatch) to a handler who works in its area.
    Desk staff of the area only; the handler is notified."""
    c = lock(case)
    _dispatch_one(c, to, actor, _text(note, 1000, "note", False))
    with site_language():
        tell([to], _("New task"), c)
        tell_progress([c], _("Your case was passed to a handler"), actor)
    return c


@transaction.atomic
def do_dispatch_cases(
    cases: Iterable[Case | int], *, to: Any, actor: Any, note: str = ""
) -> list[Case]:
    """Dispatch several cases to one handler: all of them, or (on any refusal) none."""
    ids = sorted({c if isinstance(c, int) else c.pk for c in cases})
    if not ids:
        raise Invalid(_("Choose at least one case."), "cases")
    note = _text(note, 1000, "note", False)
    done = []
    for pk in ids:
        c = lock(pk)
        try:
            _dispatch_one(c, to, actor, note)
        except Refusal as exc:
            # A case the actor may not see is named by the id they sent, not its number.
            label = str(pk) if isinstance(exc, NotFound) else c.number
            raise type(exc)(f"{label}: {exc.message}", exc.field) from None
        done.append(c)
    with site_language():
        tell([to], _("%(n)d new tasks") % {"n": len(done)}, done[0], "")
        tell_progress(done, _("Your case was passed to a handler"), actor)
    return done


@transaction.atomic
def do_start_case(case: Case | int, *, actor: Any) -> Case:
    """The handler starts work on a dispatched case."""
    c = lock(case)
    act_as_handler(c, actor)
    return move(c, "start", actor)


@transaction.atomic
def do_handle_case(
    case: Case | int,
    *,
    actor: Any,
    note: str,
    photos: list[Any] | tuple[Any, ...] = (),
    reply: str = "",
) -> Case:
    """The handler reports the work done (a note, up to 4 after-photos); it goes to verification.
    Two handlers at once: the second finds it handled and gets a conflict."""
    prepared = photo_checks.prepare_all(list(photos))
    note = _text(note, 2000, "note", True)
    reply = _text(reply, 2000, "reply", False)
    c = lock(case)
    act_as_handler(c, actor)
    changes: dict[str, Any] = {"handled_at": now(), "due_at": None}
    if reply:
        changes["reply"] = reply
    move(c, "handle", actor, note=note, changes=changes)
    rows = []
    for p in prepared:
        photo = CasePhoto(
            case=c,
            stage=PhotoStage.AFTER,
            content_type=p.content_type,
            size=p.size,
            gps_lat=p.gps_lat,
            gps_lon=p.gps_lon,
            uploaded_by=actor,
        )
        photo.image.save(p.content.name or "photo.jpg", p.content, save=False)
        rows.append(photo)
    CasePhoto.objects.bulk_create(rows)
    watchers: list[Any] = [c.owner] if c.owner_id else list(desk_users(c.area_code, c.level))
    with site_language():
        tell(watchers, _("Case handled, please verify"), c)
        tell_progress([c], _("Your case was handled and is being checked"), actor)
    return c


@transaction.atomic
def do_verify_case(case: Case | int, *, passed: bool, actor: Any, note: str = "") -> Case:
    """Verify a handled case (desk staff of its level, or for a grid-level case a grid worker
    of the area who did not handle it). A failure needs a reason, sends it back to the handler
    and counts as rework."""
    c = lock(case)
    require_view(actor, c)
    desk = is_desk(actor, c)
    if c.handler_id == actor.pk and not desk:
        raise Forbidden(_("A handler cannot verify their own work."))
    peer = c.level == Level.GRID and is_handler_for(actor, c.area_code)
    if desk or not peer:
        act_as_desk(c, actor)
    if passed:
        return move(c, "verify_pass", actor, note=_text(note, 1000, "note", False))
    reason = _text(note, 1000, "note", True)
    move(
        c,
        "verify_fail",
        actor,
        note=reason,
        changes={"rework_count": c.rework_count + 1, "handled_at": None, "due_at": c.handle_due},
    )
    with site_language():
        tell([c.handler], _("Sent back for rework"), c, reason)
    return c


@transaction.atomic
def do_close_case(case: Case | int, *, actor: Any, note: str = "", reply: str = "") -> Case:
    """Close a verified case (desk staff of its level; a level above takes it first, so the
    closing level is the one that resolved it); the reporter and supporters are asked to rate
    it."""
    reply = _text(reply, 2000, "reply", False)
    c = lock(case)
    act_as_desk(c, actor)
    changes: dict[str, Any] = {"closed_at": now(), "closed_level": c.level, "due_at": None}
    if reply:
        changes["reply"] = reply
    move(c, "close", actor, note=_text(note, 1000, "note", False), changes=changes)
    with site_language():
        tell(followers(c), _("Your case is closed: please rate it"), c)
    return c


@transaction.atomic
def do_rate_case(case: Case | int, *, score: Any, comment: str = "", actor: Any) -> Rating:
    """The reporter (or a supporter) rates a closed case 1–5 once per closing. A rating of
    1 or 2 within 7 days of closing reopens it for review by its owner.

    The timeline entry says who rated and the stars, never the comment (the rater's own
    words, kept on the rating); an anonymous reporter stays hidden there (`selectors.timeline`)."""
    c = lock(case)
    require_view(actor, c)
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise Invalid(_("The rating is a whole number from 1 to 5."), "score")
    comment = _text(comment, 500, "comment", False)
    is_follower = c.reporter_id == actor.pk or c.supporters.filter(user=actor).exists()
    if not is_follower:
        raise Forbidden(_("Only the reporter and supporters rate a case."))
    if "rate" not in workflow.allowed(TABLE, c.status):
        raise Conflict(_("Only a closed case can be rated."), "case")
    if c.ratings.filter(user=actor, at__gte=c.closed_at).exists():
        raise Conflict(_("You have already rated this case."), "case")
    at = now()
    rating = Rating.objects.create(case=c, user=actor, score=score, comment=comment, at=at)
    c.rating = score
    c.save(update_fields=["rating", "updated_at"])
    history(c, "rate", actor, from_status=c.status, note=stars(score), at=at)
    audit.record(actor, "case.rate", c, {"score": score})
    if score <= 2 and c.closed_at and at - c.closed_at <= REOPEN_WINDOW:
        _reopen(
            c,
            actor,
            _("Unsatisfied rating: %(s)d") % {"s": score} + (f" — {comment}" if comment else ""),
        )
    return rating


def _reopen(c: Case, actor: Any, reason: str) -> None:
    due = _handle_due(c, now())
    move(
        c,
        "reopen",
        actor,
        note=reason,
        changes={
            "closed_at": None,
            "closed_level": None,
            "handled_at": None,
            "handle_due": due,
            "due_at": due,
        },
    )
    watchers: list[Any] = [c.owner] if c.owner_id else list(desk_users(c.area_code, c.level))
    with site_language():
        tell(watchers, _("Case reopened for review"), c, reason)


@transaction.atomic
def do_revisit_case(case: Case | int, *, satisfied: bool, note: str, actor: Any) -> Case:
    """回访: a second worker of the area, neither its handler nor its verifier, checks a
    closed case with the reporter; an unsatisfied revisit reopens it."""
    c = lock(case)
    require_revisitor(actor, c)
    note = _text(note, 1000, "note", True)
    move(
        c,
        "revisit",
        actor,
        note=(_("Satisfied") if satisfied else _("Not satisfied")) + f": {note}",
    )
    if not satisfied:
        _reopen(c, actor, note)
    return c


@transaction.atomic
def do_escalate_case(case: Case | int, *, reason: str, actor: Any) -> Case:
    """Escalate a case its level cannot solve to the level above (with a reason). The case
    waits there to be dispatched again; its owner stays (首问负责). The handler or desk staff
    of the case's level may."""
    c = lock(case)
    act_as_handler(c, actor)
    reason = _text(reason, 1000, "reason", True)
    if c.level >= Level.DISTRICT:
        raise Conflict(_("The case is already at the top level."), "level")
    at = now()
    changes: dict[str, Any] = {"level": c.level + 1, "handler": None}
    if c.status == Status.REPORTED:
        handle_due = _handle_due(c, at)
        changes.update(accepted_at=at, owner=actor, handle_due=handle_due, due_at=handle_due)
    move(c, "escalate", actor, note=reason, changes=changes)
    with site_language():
        tell(desk_users(c.area_code, c.level), _("Case escalated to you"), c, reason)
    return c


def _handle_due(c: Case, at: dt.datetime) -> dt.datetime:
    from cases.deadlines import deadline

    return deadline(at, c.category.handle_limit, c.category.handle_unit)


@transaction.atomic
def do_hand_over_case(case: Case | int, *, to: Any, reason: str, actor: Any) -> Case:
    """Formally hand ownership (首问负责) to another desk user of the area: only the owner or
    staff above the case's level may."""
    c = lock(case)
    require_view(actor, c)
    if c.owner_id != actor.pk and not acts_above(actor, c, c.level + 1):
        raise Forbidden(_("Only the owner or the level above may hand it over."))
    reason = _text(reason, 1000, "reason", True)
    if to is None or not to.is_active or not is_handler_for(to, c.area_code):
        raise Invalid(_("%(name)s cannot take cases in this area.") % {"name": to}, "to")
    move(c, "hand_over", actor, note=reason, changes={"owner": to})
    with site_language():
        tell([to], _("A case was handed over to you"), c, reason)
    return c
