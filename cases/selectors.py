"""Reads: queues, lists and the plain-dict form of a case for the API and pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.models import (
    Case,
    CaseRequest,
    CaseTransition,
    Category,
    Channel,
    Rating,
    RequestStatus,
    Supporter,
)
from cases.permissions import (
    deciding_q,
    desk_codes,
    handlers_q,
    office_level,
    sees_every_desk,
    sees_internal_notes,
    serves,
    visible,
)
from cases.workflow import OPEN, RUNNING, Level, Status
from core import media
from core.home import Line
from core.timeutil import SHANGHAI, now, today

LIST_RELATED = ("category", "area", "owner", "handler", "reporter", "created_by")


# How much of a nearby case's description a duplicate suggestion shows.
SUMMARY_CHARS = 60


def _summary(text: str) -> str:
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"


def duplicates_for(user: Any, category: Any, lon: Any, lat: Any) -> list[dict[str, Any]]:
    """The open cases like a new report nearby (`actions.find_duplicates`), as the viewer may
    see them: the same on the report page and in the API. Anyone signed in may say "me too" on
    a case near them, also across an area's boundary, so every suggestion shows its summary (the
    start of its description, status, distance, reporting time) and its id to support; only a
    case the viewer may open (`visible`) comes with its number, to open it. Never the reporter."""
    from cases.actions.triage import find_duplicates

    found = find_duplicates(category, lon, lat)
    opens = set(
        visible(user).filter(pk__in=[c.pk for c in found]).values_list("pk", flat=True)
        if found
        else ()
    )
    return [
        {
            "id": c.pk,
            "number": c.number if c.pk in opens else None,
            "can_open": c.pk in opens,
            "status": c.status,
            "status_label": str(Status(c.status).label),
            "description": _summary(c.description),
            "distance": c.distance,
            "reported_at": c.reported_at,
        }
        for c in found
    ]


def filtered(
    qs: QuerySet[Case],
    *,
    status: str = "",
    category: str = "",
    area: str = "",
    overdue: bool | None = None,
    open_only: bool = False,
    due: str = "",
) -> QuerySet[Case]:
    if status == "open":
        qs = qs.filter(status__in=OPEN)
    elif status in Status.values:
        qs = qs.filter(status=status)
    elif open_only:
        qs = qs.filter(status__in=OPEN)
    if category:
        qs = qs.filter(category__code__startswith=category)
    if area:
        qs = qs.filter(area_code__startswith=area)
    if overdue is not None:
        qs = qs.filter(overdue=overdue)
    if due == "today":
        qs = qs.filter(due_today_q())
    return qs


def due_today_q() -> Q:
    """Due before the end of today (Asia/Shanghai) and not overdue yet: what must be done today."""
    end = dt.datetime.combine(today() + dt.timedelta(days=1), dt.time(), tzinfo=SHANGHAI)
    return Q(overdue=False, due_at__lt=end)


RATE_WITHIN = dt.timedelta(days=30)  # a case closed longer ago no longer asks to be rated


def to_rate(user: Any) -> QuerySet[Case]:
    """Cases closed within RATE_WITHIN that the user reported or supported and has not rated
    since their closing."""
    rated = Rating.objects.filter(case=OuterRef("pk"), user=user, at__gte=OuterRef("closed_at"))
    return (
        my_reports(user)
        .filter(status=Status.CLOSED, closed_at__gte=now() - RATE_WITHIN)
        .exclude(Exists(rated))
    )


def my_reports(user: Any) -> QuerySet[Case]:
    supported = Supporter.objects.filter(user=user).values("case_id")
    return (
        Case.objects.filter(Q(reporter=user) | Q(pk__in=supported))
        .select_related(*LIST_RELATED)
        .order_by("-reported_at", "-id")
    )


def my_tasks(user: Any) -> QuerySet[Case]:
    """A worker's open tasks, nearest deadline first."""
    return (
        Case.objects.filter(handler=user, status__in=RUNNING | {Status.SUSPENDED})
        .select_related(*LIST_RELATED)
        .order_by("due_at", "id")
    )


def desk_queue(user: Any, *, all_levels: bool = False) -> QuerySet[Case]:
    """The desk user's cases, with the related rows lists show: in each of their offices'
    areas, the cases at that office's level (a community office's also those of its grids,
    see `permissions.serves`); `all_levels` gives every case in the subtree."""
    if sees_every_desk(user):
        qs = Case.objects.all()
    else:
        q = Q(pk__in=[])
        for code in desk_codes(user):
            here = Q(area_code__startswith=code)
            if not all_levels:
                office = office_level(code)
                here &= Q(level__in=[lv for lv in Level.values if serves(office, lv)])
            q |= here
        qs = Case.objects.filter(q)
    return qs.select_related(*LIST_RELATED).order_by("-overdue", "due_at", "-id")


def desk_levels(user: Any) -> list[Level]:
    """The case levels the user's desk queue shows (every level for an administrator)."""
    if sees_every_desk(user):
        return list(Level)
    offices = {office_level(code) for code in desk_codes(user)}
    return [lv for lv in Level if any(serves(o, lv) for o in offices)]


def pending_requests_q(user: Any) -> QuerySet[CaseRequest]:
    """Extension and suspension requests this user may decide (`permissions.deciding_q`)."""
    return CaseRequest.objects.filter(deciding_q(user), status=RequestStatus.PENDING)


def pending_requests(user: Any) -> list[CaseRequest]:
    """The approvals page's rows: the first 200 of `pending_requests_q`, oldest first."""
    return list(
        pending_requests_q(user)
        .select_related("case", "case__category", "requested_by")
        .order_by("requested_at")[:200]
    )


def handlers_for(case: Case) -> QuerySet[Any]:
    """Users who may be sent this case: handler roles on an area containing it."""
    from accounts.models import User

    return (
        User.objects.filter(handlers_q(case.area_code), is_active=True).distinct().order_by("name")
    )


def leaf_categories() -> QuerySet[Category]:
    return Category.objects.filter(active=True, children__isnull=True).order_by("code")


def case_out(c: Case) -> dict[str, Any]:
    # Hand-written: the case detail and the intake answer build on it (measured by
    # bench/case_intake.py), and the case page shows it.
    from core.masking import mask_phone

    reporter = c.reporter_label
    if not c.anonymous and not c.reporter_id and c.caller_phone:
        reporter = f"{c.caller_name} {mask_phone(c.caller_phone)}".strip()
    elif c.channel == Channel.PATROL and not reporter and c.created_by_id and c.created_by:
        reporter = c.created_by.name  # the worker who found it on patrol
    return {
        "id": c.pk,
        "number": c.number,
        "status": c.status,
        "status_label": str(Status(c.status).label),
        "channel": c.channel,
        "category_code": c.category.code,
        "category_name": c.category.label,
        "description": c.description,
        "lon": c.lon,
        "lat": c.lat,
        "address": c.address,
        "area_code": c.area_code,
        "area_name": c.area.name,
        "outside_grid": c.outside_grid,
        "level": c.level,
        "reported_at": c.reported_at,
        "accept_due": c.accept_due,
        "handle_due": c.handle_due,
        "due_at": c.due_at,
        "closed_at": c.closed_at,
        "overdue": c.overdue,
        "missed_due": c.missed_due,
        "rework_count": c.rework_count,
        "rating": c.rating,
        "reporter": reporter,
        "owner": c.owner.name if c.owner_id and c.owner else None,
        "handler": c.handler.name if c.handler_id and c.handler else None,
        "merged_into": c.merged_into_id,
        "replayed": c.replayed,
        "reply": c.reply,
    }


def case_detail_out(c: Case, viewer: Any = None) -> dict[str, Any]:
    """The case with its timeline and photos. For a case just reported (`intake_rows` set:
    nobody else can have touched it before the answer) the rows are not read back."""
    # Hand-written: this is the intake answer that bench/case_intake.py measures.
    fresh = c.intake_rows
    if fresh is not None:
        return case_out(c) | {
            "transitions": [_transition_out(t) for t in timeline(c, fresh[0], viewer)],
            "photos": [_photo_out(p) for p in fresh[1]],
            "supporters": 0,
            "dispute": None,
        }
    out = case_out(c)
    out["transitions"] = [_transition_out(t) for t in timeline(c, viewer=viewer)]
    out["photos"] = [_photo_out(p) for p in c.photos.all()]
    out["supporters"] = c.supporters.count()
    dispute = getattr(c, "dispute", None) if hasattr(c, "dispute") else None
    out["dispute"] = dispute_out(dispute) if dispute else None
    return out


# Steps whose note is written for the reporter: their own report, a rejection's reason (they
# are told it), a rating's comment.
PUBLIC_NOTES = frozenset({"report", "reject", "rate"})


def timeline(
    c: Case, rows: Iterable[CaseTransition] | None = None, viewer: Any = None
) -> list[CaseTransition]:
    """The case's history (or `rows` of it), each entry with `who`: the name shown for its
    actor, None for the system. On an anonymous case the report, and anything its reporter
    did (an unhappy rating reopens it), show as anonymous to everyone who can see the
    timeline; the stored actor stays for the audit. For a `viewer` who may not read internal
    notes (the reporter, a supporter) staff notes are blanked: they read `Case.reply`."""
    out = list(c.transitions.select_related("actor") if rows is None else rows)
    # Asked only when a staff note is there to hide (the intake answer has none: no query).
    hide = viewer is not None and any(
        t.note and t.action not in PUBLIC_NOTES and t.actor_id != viewer.pk for t in out
    )
    if hide and not sees_internal_notes(viewer, c):
        for t in out:
            if t.action not in PUBLIC_NOTES and t.actor_id != viewer.pk:
                t.note = ""
    for t in out:
        mine = t.action == "report" or (c.reporter_id and t.actor_id == c.reporter_id)
        if c.anonymous and mine:
            t.who = str(_("Anonymous"))
        else:
            t.who = t.actor.name if t.actor_id and t.actor else None
    return out


def _transition_out(t: Any) -> dict[str, Any]:
    return {
        "action": t.action,
        "label": t.label,
        "from_status": t.from_status,
        "to_status": t.to_status,
        "from_level": t.from_level,
        "to_level": t.to_level,
        "actor": t.who,
        "at": t.at,
        "note": t.note,
    }


def _photo_out(p: Any) -> dict[str, Any]:
    return {
        "id": p.pk,
        "stage": p.stage,
        "url": media.url(p.image),  # the case was shown to the reader: a signed address
        "gps_lat": p.gps_lat,
        "gps_lon": p.gps_lon,
    }


def dispute_parties(d: Any, *, full: bool = False) -> list[dict[str, str]]:
    """The parties of a dispute with their phones masked (138****1234) for everyone who may
    open the case; `full` only for the audited reveal (`actions.do_reveal_parties`)."""
    from core.masking import mask_phone

    return [
        {
            "name": p.get("name", ""),
            "phone": p.get("phone", "") if full else mask_phone(p.get("phone")),
            "role": p.get("role", ""),
        }
        for p in d.parties
    ]


def dispute_out(d: Any, *, full: bool = False) -> dict[str, Any]:
    """A dispute record; the parties' phones masked unless `full` (the audited reveal)."""
    # Hand-written: the case detail (the intake answer's builder) embeds it.
    return {
        "id": d.pk,
        "case_id": d.case_id,
        "dispute_type": d.dispute_type,
        "parties": dispute_parties(d, full=full),
        "phones_in_full": full,
        "mediation_level": d.mediation_level,
        "agreement": d.agreement,
        "agreed_at": d.agreed_at,
        "sessions": [
            {
                "date": s.date.isoformat(),
                "level": s.level,
                "mediators": s.mediators,
                "outcome": s.outcome,
                "notes": s.notes,
            }
            for s in d.sessions.all()
        ],
    }


def home_lines(user: Any) -> list[Line]:
    """What waits for the user among cases: the desk's steps, the worker's tasks, approvals and
    the reporter's ratings, each counted from the list it links to, filtered as counted."""
    from cases.permissions import has_tasks, is_desk_user

    lines: list[Line] = []
    if is_desk_user(user):
        desk = reverse("cases:desk")
        queue = desk_queue(user)
        for key, status, text in (
            ("cases.to_accept", Status.REPORTED, _DESK_TEXT["accept"]),
            ("cases.to_dispatch", Status.ACCEPTED, _DESK_TEXT["dispatch"]),
            ("cases.to_verify", Status.HANDLED, _DESK_TEXT["verify"]),
            ("cases.to_close", Status.VERIFIED, _DESK_TEXT["close"]),
        ):
            n = filtered(queue, status=status).count()
            lines.append(Line(key, text(n) % {"n": n}, n, f"{desk}?status={status}", "cases"))
        n = filtered(queue, status="open", overdue=True).count()
        lines.append(
            Line(
                "cases.desk_overdue",
                _DESK_TEXT["overdue"](n) % {"n": n},
                n,
                f"{desk}?status=open&overdue=1",
                "cases",
                urgent=True,
            )
        )
        n = filtered(queue, status="open", due="today").count()
        lines.append(
            Line(
                "cases.desk_due_today",
                _DESK_TEXT["today"](n) % {"n": n},
                n,
                f"{desk}?status=open&due=today",
                "cases",
            )
        )
    n = pending_requests_q(user).count()
    lines.append(
        Line(
            "cases.requests",
            _DESK_TEXT["requests"](n) % {"n": n},
            n,
            reverse("cases:approvals"),
            "cases",
        )
    )
    if has_tasks(user):
        tasks = reverse("cases:tasks")
        mine = my_tasks(user)
        n = mine.count()
        lines.append(Line("cases.to_handle", _DESK_TEXT["handle"](n) % {"n": n}, n, tasks, "cases"))
        n = filtered(mine, overdue=True).count()
        lines.append(
            Line(
                "cases.tasks_overdue",
                _DESK_TEXT["tasks_overdue"](n) % {"n": n},
                n,
                f"{tasks}?overdue=1",
                "cases",
                urgent=True,
            )
        )
        n = filtered(mine, due="today").count()
        lines.append(
            Line(
                "cases.tasks_due_today",
                _DESK_TEXT["tasks_today"](n) % {"n": n},
                n,
                f"{tasks}?due=today",
                "cases",
            )
        )
    n = to_rate(user).count()
    lines.append(
        Line(
            "cases.to_rate",
            _DESK_TEXT["rate"](n) % {"n": n},
            n,
            reverse("cases:mine") + "?rate=1",
            "cases",
        )
    )
    return lines


# Each line's words, with its count (ngettext picks the form; makemessages finds the literals).
_DESK_TEXT: dict[str, Callable[[int], str]] = {
    "accept": lambda n: ngettext("%(n)d case to accept", "%(n)d cases to accept", n),
    "dispatch": lambda n: ngettext("%(n)d case to dispatch", "%(n)d cases to dispatch", n),
    "verify": lambda n: ngettext("%(n)d case to verify", "%(n)d cases to verify", n),
    "close": lambda n: ngettext("%(n)d verified case to close", "%(n)d verified cases to close", n),
    "overdue": lambda n: ngettext("%(n)d open case overdue", "%(n)d open cases overdue", n),
    "today": lambda n: ngettext("%(n)d case due today", "%(n)d cases due today", n),
    "requests": lambda n: ngettext(
        "%(n)d extension or suspension request to decide",
        "%(n)d extension or suspension requests to decide",
        n,
    ),
    "handle": lambda n: ngettext("%(n)d case to handle", "%(n)d cases to handle", n),
    "tasks_overdue": lambda n: ngettext(
        "%(n)d of my tasks overdue", "%(n)d of my tasks overdue", n
    ),
    "tasks_today": lambda n: ngettext(
        "%(n)d of my tasks due today", "%(n)d of my tasks due today", n
    ),
    "rate": lambda n: ngettext("%(n)d closed case to rate", "%(n)d closed cases to rate", n),
}
