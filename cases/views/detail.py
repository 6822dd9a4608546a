"""One case: facts, photos, timeline, and the forms for what this user may do next."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from cases import actions as A
from cases import selectors
from cases.models import Case, DisputeType, MediationLevel, Outcome, RequestStatus
from cases.permissions import (
    can_handle,
    can_revisit,
    can_view,
    decides,
    desk_level,
    is_desk,
    is_handler_for,
    offices,
)
from cases.views.lists import is_desk_user
from cases.workflow import BADGE, OPEN, Level, Status, allowed
from core import media
from core.http import AuthedRequest, show_refusal
from core.refusal import Invalid, NotFound, Refusal


def _case(request: AuthedRequest, pk: int) -> Case:
    case = (
        Case.objects.select_related(*selectors.LIST_RELATED, "merged_into", "created_by")
        .filter(pk=pk)
        .first()
    )
    if case is None or not can_view(request.user, case):
        raise Http404
    return case


def _available(user: User, case: Case) -> set[str]:
    """The forms to show; the actions re-check everything when posted."""
    out: set[str] = set()
    desk = is_desk(user, case)
    handler = can_handle(user, case)
    for action in ("accept", "reject", "merge", "dispatch", "close"):
        if desk and allowed(action, case.status):
            out.add(action)
    peer = case.level == Level.GRID and is_handler_for(user, case.area_code)
    if (desk or (peer and case.handler_id != user.pk)) and allowed("verify_pass", case.status):
        out.add("verify")
    if handler and case.handler_id:
        for action in ("start", "handle", "resume"):
            if allowed(action, case.status):
                out.add(action)
        if (
            allowed("request_extension", case.status)
            and not case.requests.filter(status=RequestStatus.PENDING).exists()
        ):  # one request at a time: the level above decides it first
            out |= {"extension", "suspension"}
    if handler and allowed("escalate", case.status) and case.level < Level.DISTRICT:
        out.add("escalate")
    if (case.owner_id == user.pk or desk) and case.status in OPEN:
        out.add("hand_over")
    followers = case.reporter_id == user.pk or case.supporters.filter(user=user).exists()
    closed = case.status == Status.CLOSED
    if closed and followers and not case.ratings.filter(user=user, at__gte=case.closed_at).exists():
        out.add("rate")
    if closed and can_revisit(user, case):
        out.add("revisit")
    if case.status in OPEN and not (followers or desk or handler or case.category.is_dispute):
        out.add("support")
    if case.category.is_dispute and handler and case.status in OPEN:
        out.add("dispute")
    return out


def _merge_candidates(user: User, case: Case) -> list[Case]:
    """The duplicates nearby that this desk may merge the case into: near an area's boundary,
    those of the neighbouring area (which it may neither open nor merge into) are left out."""
    found = A.find_duplicates(case.category, case.lon, case.lat, exclude=case.pk)
    return [c for c in found if is_desk(user, c)]


def _level_note(user: User, case: Case) -> str:
    """For desk staff: "below" when the case has left their level, "above" when acting on
    it would take it up to theirs (督办); empty otherwise."""
    if case.status not in OPEN and case.status != Status.VERIFIED:
        return ""
    level = desk_level(user, case)
    if level is None:
        return "below" if offices(user, case.area_code) else ""
    return "above" if level > case.level else ""


def _back(user: User, case: Case, desk: bool) -> tuple[str, str]:
    """The list the breadcrumb leads back to: the desk for desk staff, the tasks for a
    handler, else the user's own reports."""
    if desk:
        return reverse("cases:desk"), _("Case desk")
    if case.handler_id == user.pk or can_handle(user, case):
        return reverse("cases:tasks"), _("My tasks")
    return reverse("cases:mine"), _("My cases")


def _page(request: AuthedRequest, case: Case, *, revealed: Any = None) -> HttpResponse:
    """The case page; `revealed` is the dispute whose parties' phones were just revealed."""
    can = _available(request.user, case)
    dispute = revealed or (getattr(case, "dispute", None) if hasattr(case, "dispute") else None)
    desk_user = is_desk_user(request.user)
    waiting = list(case.requests.filter(status="pending"))
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            **_parties(request.user, case, dispute, revealed=revealed is not None),
            "out": selectors.case_out(case),
            "badge": BADGE.get(Status(case.status), ""),
            "transitions": selectors.timeline(case, viewer=request.user),
            "photos": [(p, media.url(p.image)) for p in case.photos.all()],
            "supporters": case.supporters.count(),
            "can": can,
            "handlers": selectors.handlers_for(case)[:100]
            if can & {"dispatch", "hand_over"}
            else [],
            "duplicates": _merge_candidates(request.user, case) if "merge" in can else [],
            "dispute": dispute,
            "sessions": dispute.sessions.all() if dispute else [],
            "dispute_types": DisputeType.choices,
            "outcomes": Outcome.choices,
            "mediation_levels": dict(MediationLevel.choices),
            "level_label": Level(case.level).label,
            "level_note": _level_note(request.user, case),
            "requests": waiting,
            # The link to approvals only for who decides it (a notice told them so).
            "decides": any(decides(request.user, r) for r in waiting),
            "back": _back(request.user, case, desk_user),
            "desk_user": desk_user,
            "tile_url": settings.LINLI_TILE_URL,
        },
    )


def _parties(user: User, case: Case, dispute: Any, *, revealed: bool) -> dict[str, Any]:
    """The dispute's parties as the page shows them: phones masked, unless just revealed."""
    if dispute is None:
        return {"parties": [], "can_reveal": False, "revealed": False}
    return {
        "parties": selectors.dispute_parties(dispute, full=revealed),
        "can_reveal": A.may_reveal_parties(user, case),
        "revealed": revealed,
    }


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _page(request, _case(request, pk))


@login_required
@require_POST
def reveal(request: AuthedRequest, pk: int) -> HttpResponse:
    """The parties' phones in full for a role with `reveal_personal` on the case's area, each
    view recorded in the audit log; 404 for everyone else, as for residents' numbers. An htmx
    request gets the parties alone, a plain form post the whole page."""
    case = _case(request, pk)
    try:
        dispute = A.do_reveal_parties(case, actor=request.user)
    except Refusal:
        raise Http404 from None
    if request.headers.get("HX-Request"):
        context = {"case": case, **_parties(request.user, case, dispute, revealed=True)}
        return render(request, "cases/_parties.html", context)
    return _page(request, case, revealed=dispute)


def _user(post: Any, field: str = "to") -> User | None:
    value = post.get(field, "")
    return User.objects.filter(pk=int(value), is_active=True).first() if value.isdigit() else None


def _int(value: Any) -> Any:
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


def _date(value: str) -> Any:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return value


def _merge_target(post: Any) -> int:
    """The case to merge into: the duplicate chosen from the list, else the one typed in by
    its id or its number ("20260301-42")."""
    value = (post.get("into", "") or post.get("into_typed", "")).strip()
    if not value:
        raise Invalid(_("Choose the case to merge into."), "into")
    if value.isdigit():
        return int(value)
    day, _sep, pk = value.partition("-")
    found = Case.objects.filter(pk=int(pk)).first() if pk.isdigit() and day.isdigit() else None
    if found is None or not found.is_numbered(value):
        raise NotFound(_("No such case."))
    return found.pk


def _dispute_of(c: Case) -> Any:
    d = getattr(c, "dispute", None) if hasattr(c, "dispute") else None
    if d is None:
        raise Invalid(_("This case has no dispute record."), "dispute")
    return d


ACTIONS: dict[str, Callable[[Case, Any, Any, Any], Any]] = {
    "accept": lambda c, p, f, u: A.do_accept_case(c, actor=u, note=p.get("note", "")),
    "reject": lambda c, p, f, u: A.do_reject_case(c, actor=u, reason=p.get("reason", "")),
    "merge": lambda c, p, f, u: A.do_merge_case(c, into=_merge_target(p), actor=u),
    "support": lambda c, p, f, u: A.do_support_case(c, actor=u),
    "dispatch": lambda c, p, f, u: A.do_dispatch_case(
        c, to=_user(p), actor=u, note=p.get("note", "")
    ),
    "start": lambda c, p, f, u: A.do_start_case(c, actor=u),
    "handle": lambda c, p, f, u: A.do_handle_case(
        c, actor=u, note=p.get("note", ""), reply=p.get("reply", ""), photos=f.getlist("photos")
    ),
    "verify": lambda c, p, f, u: A.do_verify_case(
        c, passed=p.get("passed") == "1", note=p.get("note", ""), actor=u
    ),
    "close": lambda c, p, f, u: A.do_close_case(
        c, actor=u, note=p.get("note", ""), reply=p.get("reply", "")
    ),
    "rate": lambda c, p, f, u: A.do_rate_case(
        c, score=_int(p.get("score")), comment=p.get("comment", ""), actor=u
    ),
    "revisit": lambda c, p, f, u: A.do_revisit_case(
        c, satisfied=p.get("satisfied") == "1", note=p.get("note", ""), actor=u
    ),
    "escalate": lambda c, p, f, u: A.do_escalate_case(c, reason=p.get("reason", ""), actor=u),
    "extension": lambda c, p, f, u: A.do_request_extension(
        c, days=_int(p.get("days")), reason=p.get("reason", ""), actor=u
    ),
    "suspension": lambda c, p, f, u: A.do_request_suspension(
        c, reason=p.get("reason", ""), actor=u
    ),
    "resume": lambda c, p, f, u: A.do_resume_case(c, actor=u, note=p.get("note", "")),
    "hand_over": lambda c, p, f, u: A.do_hand_over_case(
        c, to=_user(p), reason=p.get("reason", ""), actor=u
    ),
    "dispute": lambda c, p, f, u: A.do_open_dispute(
        c,
        dispute_type=p.get("dispute_type", ""),
        parties=[
            {"name": n, "phone": ph}
            for n, ph in zip(p.getlist("party_name"), p.getlist("party_phone"), strict=False)
            if n.strip()
        ],
        actor=u,
    ),
    "mediation": lambda c, p, f, u: A.do_record_mediation(
        _dispute_of(c),
        date=_date(p.get("date", "")),
        mediators=p.get("mediators", ""),
        outcome=p.get("outcome", ""),
        notes=p.get("notes", ""),
        actor=u,
    ),
    "mediation_escalate": lambda c, p, f, u: A.do_escalate_mediation(
        _dispute_of(c), reason=p.get("reason", ""), actor=u
    ),
    "agreement": lambda c, p, f, u: A.do_record_agreement(
        _dispute_of(c), text=p.get("text", ""), actor=u
    ),
}


@login_required
@require_POST
def act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """Run one action from the detail page; a refusal or a conflict comes back as a message."""
    fn = ACTIONS.get(action)
    if fn is None:
        raise Http404
    case = Case.objects.filter(pk=pk).first()
    if case is None or (action != "support" and not can_view(request.user, case)):
        raise Http404
    try:
        fn(case, request.POST, request.FILES, request.user)
    except Refusal as refusal:
        show_refusal(request, refusal, not_found_page=False)
    else:
        messages.success(request, _("Done."))
    if action == "support" and not can_view(request.user, case):
        return redirect("cases:mine")
    return redirect("cases:detail", pk)
