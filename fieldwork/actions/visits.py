"""Recording a household visit (民情日记), audited; a retried submission records it once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment, User
from accounts.roles import GRID_WORKERS
from areas.location import clean_point, metres
from areas.models import Household
from areas.permissions import can_view_household, household_code
from core import audit, photos, timeutil
from core.refusal import Forbidden, Invalid, NotFound
from fieldwork import periods, permissions
from fieldwork.models import Visit, VisitKind, VisitVisitor
from fieldwork.models.visits import FOUND_MAX, NEEDS_MAX

KEY_MAX = 64
MAX_VISITORS = 10
# How far back a visit may be dated (a diary written up a few days late, not a year).
BACKDATE_DAYS = 31


def _replay(actor: Any, key: str) -> Visit | None:
    if not key:
        return None
    found = Visit.objects.filter(recorded_by=actor, idempotency_key=key).first()
    if found is not None:
        found.replayed = True
    return found


def _text(value: Any, field: str, limit: int) -> str:
    text = str(value or "").strip()
    if len(text) > limit:
        raise Invalid(_("At most %(n)d characters.") % {"n": limit}, field)
    return text


def _date(value: Any) -> dt.date:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise Invalid(_("Give the date as YYYY-MM-DD."), "visited_on") from None
    if not isinstance(value, dt.date):
        raise Invalid(_("Give the date of the visit."), "visited_on")
    today = timeutil.today()
    if value > today:
        raise Invalid(_("A visit cannot be dated in the future."), "visited_on")
    if value < today - dt.timedelta(days=BACKDATE_DAYS):
        raise Invalid(
            _("A visit may be dated at most %(n)d days back.") % {"n": BACKDATE_DAYS},
            "visited_on",
        )
    return value


def _visitors(actor: Any, household: Household, others: Iterable[Any]) -> list[User]:
    """The actor and the colleagues they name, each allowed to visit this household."""
    try:
        ids = {int(u.pk if isinstance(u, User) else u) for u in others} - {actor.pk}
    except (TypeError, ValueError):
        raise Invalid(_("No such colleague."), "visitors") from None
    if any(not 0 < i < 2**31 for i in ids) or len(ids) > MAX_VISITORS:
        raise Invalid(_("No such colleague."), "visitors")
    found = list(User.objects.filter(pk__in=ids, is_active=True))
    if len(found) != len(ids):
        raise Invalid(_("No such colleague."), "visitors")
    for user in found:
        if not permissions.may_record_visit(user, household):
            raise Invalid(
                _("%(name)s does not visit this household.") % {"name": user.name}, "visitors"
            )
    return [actor, *sorted(found, key=lambda u: u.pk)]


def posted_to(users: list[User], code: str) -> bool:
    """Is one of `users` a grid worker posted to the area `code` lies in (定岗)?"""
    codes = RoleAssignment.objects.filter(
        user__in=users, role__in=sorted(GRID_WORKERS)
    ).values_list("area__code", flat=True)
    return any(code.startswith(c) for c in codes)


def do_record_visit(
    household: Household,
    *,
    actor: Any,
    visited_on: Any,
    kind: str,
    found: str = "",
    needs: str = "",
    visitors: Iterable[Any] = (),
    photo: Any = None,
    lon: Any = None,
    lat: Any = None,
    idempotency_key: str = "",
) -> Visit:
    """Record a visit to `household` by `actor` (and the colleagues in `visitors`).

    Rules: the actor visits households where they hold `visit_households` or to which they are
    paired (else NotFound, or Forbidden where they see the household); a kind of the four; a
    date from `BACKDATE_DAYS` ago to today (Asia/Shanghai); what was found (1–2000
    characters) and the needs raised (up to 2000); the phone's position, when given, checked
    and measured against the building (`far` past `LINLI_VISIT_FAR_METRES`); a photo checked
    by content. A retry with the same `idempotency_key` by the same user returns the visit
    it made (`visit.replayed`). Anything refused stores nothing."""
    key = str(idempotency_key or "").strip()
    if len(key) > KEY_MAX:
        raise Invalid(_("The idempotency key is too long (64 characters at most)."), "key")
    existing = _replay(actor, key)
    if existing is not None:
        return existing
    household = Household.objects.select_related("building__community", "grid").get(pk=household.pk)
    if not permissions.may_record_visit(actor, household):
        if can_view_household(actor, household):
            raise Forbidden(_("You do not visit this household."))
        raise NotFound(_("No such household."))
    if kind not in VisitKind.values:
        raise Invalid(_("Choose the kind of visit."), "kind")
    day = _date(visited_on)
    found = _text(found, "found", FOUND_MAX)
    if not found:
        raise Invalid(_("Say what was found."), "found")
    needs = _text(needs, "needs", NEEDS_MAX)
    people = _visitors(actor, household, visitors)
    point: tuple[float, float] | None = None
    if lon not in (None, "") or lat not in (None, ""):
        point = clean_point(lon, lat, "location")
    distance = None
    if point is not None:
        distance = round(metres(point[0], point[1], household.building.lon, household.building.lat))
    content = photos.prepare(photo, name="visit").content if photo else None
    try:
        with transaction.atomic():
            visit = _store(household, actor, day, kind, found, needs, people, point, distance, key)
            if content is not None:
                visit.photo.save(content.name or "visit.jpg", content, save=False)
                visit.save(update_fields=["photo"])
    except IntegrityError:
        replayed = _replay(actor, key)  # a racing retry stored it first
        if replayed is None:
            raise
        return replayed
    return visit


def _store(
    household: Household,
    actor: Any,
    day: dt.date,
    kind: str,
    found: str,
    needs: str,
    people: list[User],
    point: tuple[float, float] | None,
    distance: int | None,
    key: str,
) -> Visit:
    visit = Visit.objects.create(
        household=household,
        visited_on=day,
        kind=kind,
        found=found,
        needs=needs,
        lon=point[0] if point else None,
        lat=point[1] if point else None,
        distance_m=distance,
        far=distance is not None and distance > periods.far_metres(),
        by_posted_worker=posted_to(people, household_code(household)),
        recorded_by=actor,
        idempotency_key=key,
    )
    VisitVisitor.objects.bulk_create([VisitVisitor(visit=visit, user=u) for u in people])
    audit.record(
        actor,
        "fieldwork.visit.record",
        visit,
        {
            "household": household.code,
            "visited_on": day.isoformat(),
            "kind": kind,
            "visitors": ", ".join(u.name for u in people),
            "distance_m": distance,
        },
    )
    return visit
