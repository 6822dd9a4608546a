"""The short insert stores what `save()` would store."""

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from cases.models import Case, CaseTransition
from cases.tests.helpers import report
from cases.workflow import Level, Status
from core.bulk import insert
from core.models import AuditEntry, Notification


def _fields(obj: Any) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_it_stores_the_same_row_as_save(world: Any) -> None:
    actor = world.users["resident"]
    at = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    short = AuditEntry(
        actor=actor,
        action="case.report",
        object_type="cases.case",
        object_repr=gettext_lazy("case"),  # type: ignore[misc]  # a lazy string, as callers pass
        changes={"area": "330324", "n": [1, None], "text": "井盖"},
        ip="127.0.0.1",
        area_code="330324",
    )
    insert(short)
    assert short.pk and not short._state.adding and short.at is not None
    stored = AuditEntry.objects.get(pk=short.pk)
    assert _fields(stored) == _fields(short) | {"object_repr": str(gettext_lazy("case"))}

    case = report(world)
    row = CaseTransition(
        case=case,
        action="report",
        from_status="",
        to_status=Status.REPORTED,
        from_level=Level.GRID,
        to_level=Level.COMMUNITY,
        actor=actor,
        at=at,
        note="说明",
    )
    insert(row)
    again = CaseTransition.objects.get(pk=row.pk)
    assert _fields(again) == _fields(row)
    assert again.to_status == "reported" and again.to_level == 1 and again.at == at


def test_it_stores_a_case_with_its_defaults_and_auto_times(world: Any) -> None:
    before = timezone.now()
    case = report(world)
    fresh = Case.objects.get(pk=case.pk)
    assert _fields(fresh) == _fields(case)
    assert fresh.updated_at >= before and fresh.overdue is False and fresh.rework_count == 0


def test_it_falls_back_to_save_for_a_row_with_its_pk_set(world: Any) -> None:
    row = Notification(pk=4242, user=world.users["resident"], title=gettext_lazy("case"))  # type: ignore[misc]
    insert(row)
    assert Notification.objects.get(pk=4242).title == str(gettext_lazy("case"))


def test_insert_all_stores_each_row_as_insert_does_and_sets_keys_in_order(world: Any) -> None:
    from core.bulk import insert_all

    actor = world.users["resident"]
    rows = [
        Notification(user=actor, title=f"第{n}条", body="正文", url=f"/cases/{n}/")
        for n in range(7)
    ]
    insert_all(rows)
    assert [r.pk for r in rows] == sorted(r.pk for r in rows)
    stored = {n.pk: n for n in Notification.objects.filter(pk__in=[r.pk for r in rows])}
    assert [stored[r.pk].title for r in rows] == [f"第{n}条" for n in range(7)]
    assert all(_fields(stored[r.pk]) == _fields(r) for r in rows)


def test_insert_values_stores_rows_as_insert_does(world: Any) -> None:
    from core.bulk import insert_values, params_of

    actor = world.users["resident"]
    rows = [Notification(user=actor, title=f"第{n}条", url=f"/cases/{n}/") for n in range(3)]
    insert_values(Notification, [params_of(r) for r in rows])
    stored = Notification.objects.filter(user=actor).order_by("pk")
    assert [(n.title, n.url, n.created) for n in stored] == [
        (r.title, r.url, r.created) for r in rows
    ]


def test_rendered_rows_store_what_bound_rows_store(world: Any) -> None:
    """On PostgreSQL a row rendered ahead (`rendered`, `insert_rendered`) stores exactly what
    the same values bound by the driver store: quotes, percent signs, backslashes, Chinese,
    None, floats and times. SQLite binds its values itself: nothing is rendered there."""
    from django.db import connection

    from core.bulk import insert_params, insert_rendered, params_of, rendered

    base = report(world)
    tricky = 'O\'Brien 100% \\ 路面 "井盖" %s %(x)s -- ;'
    cases = []
    for n in range(2):
        case = Case.objects.get(pk=base.pk)
        case.pk = None
        case.description = tricky + str(n)
        case.address = "" if n else "礁下路 3 号"
        case.lon, case.lat = 120.6312345678901, 28.0412345678901
        case.accept_due = None if n else timezone.now()
        case.idempotency_key = ""
        cases.append(case)
    values = [params_of(c) for c in cases]
    texts = [rendered(Case, v) for v in values]
    if connection.vendor != "postgresql":
        assert texts == [None, None]
        return
    keys = insert_rendered(Case, [t for t in texts if t is not None])
    again = insert_params(Case, values)
    for mine, theirs in zip(keys, again, strict=True):
        a, b = Case.objects.get(pk=mine), Case.objects.get(pk=theirs)
        assert _fields(a) | {"id": 0} == _fields(b) | {"id": 0}
    assert Case.objects.get(pk=keys[0]).description == tricky + "0"
