"""Drafting, editing and publishing bulletins, each audited ("dashboard.bulletin.<verb>").

Outside the user's sight a bulletin or area is a NotFound refusal; seen but not theirs to
change, Forbidden; a published bulletin edited, a second draft, a month already published
a Conflict; bad input an Invalid naming its field. A refusal stores nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from areas.models import Area
from cases.models import Case, CasePhoto, PhotoStage
from cases.workflow import Status as CaseStatus
from core import audit, timeutil
from core.i18n import site_language
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from core.workflow import move
from dashboard import permissions
from dashboard.bulletins import figures as figure_maker
from dashboard.bulletins import wording
from dashboard.bulletins.models import (
    BODY_MAX,
    CAPTION_MAX,
    MAX_TYPICAL,
    TITLE_MAX,
    Bulletin,
    BulletinStatus,
    TypicalCase,
)
from dashboard.bulletins.workflow import BULLETINS

EARLIEST = dt.date(2000, 1, 1)


def _require_publisher(actor: Any, area: Area) -> None:
    if permissions.may_publish_bulletin(actor, area):
        return
    if permissions.reads_bulletins_of(actor, area):
        raise Forbidden(_("Only the area's office drafts and publishes its bulletins."))
    raise NotFound(_("No such area."))


def _text(value: str, field: str, limit: int, missing: str) -> str:
    value = (value or "").strip()
    if not value:
        raise Invalid(missing, field)
    if len(value) > limit:
        raise Invalid(_("At most %(n)d characters.") % {"n": limit}, field)
    return value


def _locked(bulletin: Bulletin, actor: Any) -> Bulletin:
    found = Bulletin.objects.select_for_update(of=("self",)).select_related("area")
    locked = found.filter(pk=bulletin.pk).first()
    if locked is None or not permissions.can_view_bulletin(actor, locked):
        raise NotFound(_("No such bulletin."))
    _require_publisher(actor, locked.area)
    return locked


def _draft_only(bulletin: Bulletin) -> None:
    if not bulletin.is_draft:
        raise Conflict(
            _("A published bulletin is frozen: correct it to make a new version."), "status"
        )


def check_month(month: dt.date) -> dt.date:
    """The first day of a month from 2000 up to this month (Asia/Shanghai)."""
    first = figure_maker.month_start(month)
    if first > figure_maker.month_start(timeutil.today()):
        raise Invalid(_("A bulletin is for this month or an earlier one."), "month")
    if first < EARLIEST:
        raise Invalid(_("A bulletin is for a month from 2000 on."), "month")
    return first


def _version(area: Area, month: dt.date) -> int:
    found = Bulletin.objects.filter(area=area, month=month).aggregate(n=Max("version"))["n"]
    return int(found or 0) + 1


@transaction.atomic
def do_draft_bulletin(area: Area, *, month: dt.date, actor: Any) -> Bulletin:
    """Draft the bulletin of a subdistrict's or community's month: its figures generated from
    the indicators, its wording from the figures. One draft at a time; a month already
    published is corrected instead (`do_correct_bulletin`)."""
    area = Area.objects.select_for_update().get(pk=area.pk)  # drafts of one area queue here
    if area.level not in permissions.BULLETIN_LEVELS:
        raise Invalid(_("A bulletin is of a subdistrict or a community."), "area")
    _require_publisher(actor, area)
    month = check_month(month)
    taken = Bulletin.objects.filter(area=area, month=month).exclude(
        status=BulletinStatus.SUPERSEDED
    )
    if taken.filter(status=BulletinStatus.DRAFT).exists():
        raise Conflict(_("This month's bulletin is being drafted already."), "month")
    if taken.filter(status=BulletinStatus.PUBLISHED).exists():
        raise Conflict(
            _("This month's bulletin is published: correct it to make a new version."), "month"
        )
    made = figure_maker.generate(area, month)
    bulletin = Bulletin.objects.create(
        area=area,
        month=month,
        version=_version(area, month),
        title=wording.title(area.name, month),
        body=wording.body(made, month),
        figures=made,
        generated_at=timeutil.now(),
        created_by=actor,
    )
    audit.record(
        actor,
        "dashboard.bulletin.draft",
        bulletin,
        {"month": [None, made["month"]], "version": [None, bulletin.version]},
        area_code=area.code,
    )
    return bulletin


@transaction.atomic
def do_edit_bulletin(
    bulletin: Bulletin, *, title: str | None = None, body: str | None = None, actor: Any
) -> Bulletin:
    """Change a draft's title or wording; its figures stay as generated."""
    found = _locked(bulletin, actor)
    _draft_only(found)
    values: dict[str, str] = {}
    if title is not None:
        values["title"] = _text(title, "title", TITLE_MAX, _("Give the bulletin a title."))
    if body is not None:
        values["body"] = _text(body, "body", BODY_MAX, _("Write the bulletin's wording."))
    changed = audit.diff(found, values)
    if not changed:
        return found
    for name, value in values.items():
        setattr(found, name, value)
    found.save(update_fields=list(values))
    audit.record(actor, "dashboard.bulletin.edit", found, changed, area_code=found.area.code)
    return found


@transaction.atomic
def do_refresh_bulletin(bulletin: Bulletin, *, actor: Any) -> Bulletin:
    """Generate a draft's figures again (cases moved since it was drafted); the wording the
    office wrote stays."""
    found = _locked(bulletin, actor)
    _draft_only(found)
    values = {"generated_at": timeutil.now()}
    changed = audit.diff(found, values)
    found.figures = figure_maker.generate(found.area, found.month)
    found.generated_at = values["generated_at"]
    found.save(update_fields=["figures", "generated_at"])
    audit.record(actor, "dashboard.bulletin.refresh", found, changed, area_code=found.area.code)
    return found


def place_of(case: Case) -> str:
    """Where a case was, no finer than its compound or building: the compound's name, the
    building's, or the area's."""
    building = case.building
    if building is not None:
        return building.compound.name if building.compound is not None else building.name
    return case.area.name


def _photo(case: Case, photo_id: int | None, stages: tuple[str, ...], field: str) -> Any:
    if photo_id is None:
        return None
    photo = CasePhoto.objects.filter(pk=photo_id, case=case, stage__in=stages).first()
    if photo is None:
        raise Invalid(_("Choose one of the case's photos of that stage."), field)
    return photo


@transaction.atomic
def do_pick_typical_case(
    bulletin: Bulletin,
    *,
    case: Case,
    caption: str,
    before: int | None = None,
    after: int | None = None,
    photos_checked: bool = False,
    actor: Any,
) -> TypicalCase:
    """Present a closed case of the area in a draft, in the office's public words, with at
    most one photo from before the handling (or when reported) and one from after. Photos
    are published only with the chooser's word that they show no person and no number plate."""
    found = _locked(bulletin, actor)
    _draft_only(found)
    picked = (
        Case.objects.select_related("category", "area", "building__compound")
        .filter(pk=case.pk, area_code__startswith=found.area.code)
        .first()
    )
    if picked is None:
        raise Invalid(_("Choose a case of the bulletin's area."), "case")
    if picked.status != CaseStatus.CLOSED:
        raise Invalid(_("Only a closed case can be a typical case."), "case")
    if found.typical.filter(case=picked).exists():
        raise Conflict(_("This case is in the bulletin already."), "case")
    if found.typical.count() >= MAX_TYPICAL:
        raise Conflict(_("A bulletin presents at most %(n)d cases.") % {"n": MAX_TYPICAL}, "case")
    caption = _text(caption, "caption", CAPTION_MAX, _("Say what was reported and what was done."))
    before_photo = _photo(picked, before, (PhotoStage.REPORT, PhotoStage.BEFORE), "before")
    after_photo = _photo(picked, after, (PhotoStage.AFTER,), "after")
    if (before_photo or after_photo) and photos_checked is not True:
        raise Invalid(
            _("Confirm that the photos show no person and no number plate."), "photos_checked"
        )
    with site_language():
        category = picked.category.label
    row = TypicalCase.objects.create(
        bulletin=found,
        case=picked,
        area_code=picked.area_code,
        category=category,
        place=place_of(picked),
        caption=caption,
        before=before_photo,
        after=after_photo,
        photos_checked=bool(before_photo or after_photo),
        chosen_by=actor,
        position=found.typical.count(),
    )
    audit.record(
        actor,
        "dashboard.bulletin.pick",
        found,
        {
            "case": [None, picked.number],
            "before": [None, before_photo.pk if before_photo else None],
            "after": [None, after_photo.pk if after_photo else None],
        },
        area_code=found.area.code,
    )
    return row


@transaction.atomic
def do_drop_typical_case(row: TypicalCase, *, actor: Any) -> Bulletin:
    """Take a typical case out of a draft."""
    found = _locked(row.bulletin, actor)
    _draft_only(found)
    number = row.case.number if row.case_id and row.case else ""
    deleted, _rows = TypicalCase.objects.filter(pk=row.pk, bulletin=found).delete()
    if not deleted:
        raise NotFound(_("No such typical case."))
    audit.record(
        actor,
        "dashboard.bulletin.drop",
        found,
        {"case": [number, None]},
        area_code=found.area.code,
    )
    return found


@transaction.atomic
def do_publish_bulletin(bulletin: Bulletin, *, actor: Any) -> Bulletin:
    """Publish a draft as it stands, figures and all: from now on it is frozen. A correction
    supersedes the version it corrects."""
    found = _locked(bulletin, actor)
    if found.is_draft and found.corrects_id:
        earlier = Bulletin.objects.select_for_update().get(pk=found.corrects_id)
        if earlier.is_published:
            move(earlier, "supersede", actor, locked=True, table=BULLETINS)
    return move(
        found,
        "publish",
        actor,
        changes={"published_at": timeutil.now(), "published_by": actor},
        audit_changes={"version": found.version, "month": found.figures.get("month")},
        locked=True,
        table=BULLETINS,
    )


@transaction.atomic
def do_correct_bulletin(bulletin: Bulletin, *, actor: Any) -> Bulletin:
    """Start a correction of a published bulletin: a new draft version with its wording and
    typical cases, and its figures generated again. The published version stays until the
    correction is published."""
    found = _locked(bulletin, actor)
    if not found.is_published:
        raise Conflict(_("Only the published version is corrected."), "status")
    if Bulletin.objects.filter(
        area=found.area, month=found.month, status=BulletinStatus.DRAFT
    ).exists():
        raise Conflict(_("A correction of this bulletin is being drafted already."), "status")
    correction = Bulletin.objects.create(
        area=found.area,
        month=found.month,
        version=_version(found.area, found.month),
        title=found.title,
        body=found.body,
        figures=figure_maker.generate(found.area, found.month),
        generated_at=timeutil.now(),
        corrects=found,
        created_by=actor,
    )
    TypicalCase.objects.bulk_create(
        [
            TypicalCase(
                bulletin=correction,
                case_id=row.case_id,
                area_code=row.area_code,
                category=row.category,
                place=row.place,
                caption=row.caption,
                before_id=row.before_id,
                after_id=row.after_id,
                photos_checked=row.photos_checked,
                chosen_by_id=row.chosen_by_id,
                position=row.position,
            )
            for row in found.typical.all()
        ]
    )
    audit.record(
        actor,
        "dashboard.bulletin.correct",
        correction,
        {"corrects": [None, found.version], "version": [None, correction.version]},
        area_code=found.area.code,
    )
    return correction
