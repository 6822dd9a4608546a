"""Storing checked reports: the group-commit writer of the intake (`core.groupcommit`).

Reports that arrive together are stored in one transaction, a statement per kind of row for
the whole group: the cases (whose new keys are the only values still unknown), their first
timeline entries, the audit entries, the desks' notices and any photos. A patrol report then
moves on as its worker's own task. The leader's turn holds the database's write lock, so it
does no per-report work it could have done before (`rows.prepare`)."""

from __future__ import annotations

from typing import cast

from cases.actions._base import case_url, move
from cases.actions.intake.rows import Intake
from cases.models import Case, CasePhoto, CaseTransition, Channel, PhotoStage
from core.bulk import column_of, insert_params, insert_rendered, insert_values, stored_as
from core.groupcommit import GroupCommit
from core.models import AuditEntry, Notification
from core.notify import keeps_keys, send_on_commit


def store(items: list[Intake]) -> list[Case]:
    """Store checked reports (one, or a group from `writer`): their cases, first timeline
    entries, audit entries, the desks' notices and photos, a statement per kind of row."""
    case_rows = [it.case_sql for it in items]
    if all(row is not None for row in case_rows):
        keys = insert_rendered(Case, cast(list[str], case_rows))
    else:
        keys = insert_params(Case, [it.values[0] for it in items])
    firsts, entries, notices = [], [], []
    for it, pk in zip(items, keys, strict=True):
        case = it.case
        stored_as(case, pk)
        it.first.case_id = pk
        first, entry = it.values[1], it.values[2]
        first[_FIRST_CASE] = pk
        firsts.append(first)
        it.entry.object_id = entry[_ENTRY_ID] = str(pk)
        it.entry.object_repr = entry[_ENTRY_REPR] = f"{case.number} {it.entry.object_repr}"[:200]
        entries.append(entry)
        url = case_url(case)
        for row, values in zip(it.notices, it.notice_values, strict=True):
            row.url = values[_NOTICE_URL] = url
            notices.append(values)
        # The answer shows the new case without reading it back, where nothing else moved it.
        case.intake_rows = None if case.channel == Channel.PATROL else ([it.first], [])
    # Nobody reads these rows' keys back: no RETURNING, so the database answers a statement
    # in one step (with RETURNING, a step per row, each a wait for the GIL in the leader).
    insert_values(CaseTransition, firsts)
    insert_values(AuditEntry, entries)
    if notices:
        rows = [row for it in items for row in it.notices]
        if keeps_keys():
            for row, pk in zip(rows, insert_params(Notification, notices), strict=True):
                stored_as(row, pk)
        else:
            insert_values(Notification, notices)
        send_on_commit(rows)
    saved: list[CasePhoto] = []
    try:
        for it in items:
            if it.before or it.after:
                saved += _photos(it)
        if saved:
            CasePhoto.objects.bulk_create(saved)
        for it in items:
            if it.case.channel == Channel.PATROL:
                _after_patrol(it)
            if it.then is not None:
                it.then(it.case)
    except Exception:
        for photo in saved:
            photo.image.delete(save=False)
        raise
    return [it.case for it in items]


def _photos(it: Intake) -> list[CasePhoto]:
    """The report's photos, their files saved (the rows are stored by the caller)."""
    stage = PhotoStage.BEFORE if it.case.channel == Channel.PATROL else PhotoStage.REPORT
    mine: list[CasePhoto] = []
    for group, group_stage in ((it.before, stage), (it.after, PhotoStage.AFTER)):
        for p in group:
            photo = CasePhoto(
                case=it.case,
                stage=group_stage,
                content_type=p.content_type,
                size=p.size,
                gps_lat=p.gps_lat,
                gps_lon=p.gps_lon,
                uploaded_by=it.actor,
            )
            photo.image.save(p.content.name or "photo.jpg", p.content, save=False)
            mine.append(photo)
    if it.case.intake_rows is not None:
        it.case.intake_rows = (it.case.intake_rows[0], mine)
    return mine


def _after_patrol(it: Intake) -> None:
    """A patrol report is the worker's own task at once; resolved on the spot, it is closed."""
    case, actor, at = it.case, it.actor, it.case.reported_at
    if it.resolve_on_spot:
        move(
            case,
            "resolve_on_spot",
            actor,
            note=it.note,
            changes={
                "owner": actor,
                "handler": actor,
                "accepted_at": at,
                "handled_at": at,
                "closed_at": at,
                "due_at": None,
                "resolved_on_spot": True,
                "closed_level": case.level,
            },
        )
    else:
        move(case, "accept", actor, changes={"owner": actor, "accepted_at": at})
        move(
            case,
            "dispatch",
            actor,
            changes={"handler": actor, "handle_due": it.handle_due, "due_at": it.handle_due},
        )


writer: GroupCommit[Intake, Case] = GroupCommit(store)
_FIRST_CASE = column_of(CaseTransition, "case_id")
_ENTRY_ID = column_of(AuditEntry, "object_id")
_ENTRY_REPR = column_of(AuditEntry, "object_repr")
_NOTICE_URL = column_of(Notification, "url")
