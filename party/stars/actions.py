"""The star assessment's steps, each audited: open (the branch, copying the criteria),
self-assess (hand items' scores and evidence), submit (measuring the automatic items), review
(the level above's scores), return to the branch, publish (the stars, by the thresholds).
The status moves only through `core.workflow.move` with `workflow.ASSESSMENTS`.

Who may: `party.permissions.may_self_assess` / `may_review_assessment`. Someone who may see
the assessment but not take the step is refused with Forbidden; anyone else with NotFound.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, timeutil
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from core.workflow import move
from party import permissions
from party.models import OrgLevel, PartyOrganisation
from party.stars import measures, scoring
from party.stars.models import Assessment, AssessmentItem, AssessmentStatus, Criterion
from party.stars.workflow import ASSESSMENTS

TENTH = Decimal("0.1")
EVIDENCE_MAX = 2000
NOTE_MAX = 2000
RELATED = (
    "organisation__area__parent",
    "organisation__parent__area",
    "organisation__secretary",
)


def _refuse(actor: Any, org: PartyOrganisation, message: str) -> None:
    if permissions.may(actor, permissions.VIEW, org.area.code):
        raise Forbidden(message)
    raise NotFound(_("No such assessment."))


def _locked(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related(*RELATED)
        .get(pk=assessment.pk)
    )


def _branch_side(actor: Any, a: Assessment) -> None:
    if not permissions.may_self_assess(actor, a.organisation):
        _refuse(actor, a.organisation, _("Only the branch assesses itself."))


def _above(actor: Any, a: Assessment) -> None:
    if not permissions.may_review_assessment(actor, a):
        if permissions.is_branch_secretary(actor, a.organisation) or a.submitted_by_id == actor.pk:
            message = _("A branch's own assessment is reviewed by the level above.")
        else:
            message = _("Only the level above the branch reviews its assessment.")
        _refuse(actor, a.organisation, message)


def _score(raw: Any, item: AssessmentItem, field: str) -> Decimal:
    try:
        value = Decimal(str(raw))
    except ArithmeticError:
        raise Invalid(_("Give a score as a number."), field) from None
    if not value.is_finite() or not 0 <= value <= item.points:
        raise Invalid(
            _("A score of “%(item)s” lies between 0 and %(points)d.")
            % {"item": item.title, "points": item.points},
            field,
        )
    return value.quantize(TENTH)


def _hand_items(a: Assessment, ids: Any, field: str) -> dict[int, AssessmentItem]:
    items = {i.pk: i for i in a.items.all() if not i.automatic}
    if set(ids) - set(items):
        raise Invalid(_("Only the items scored by hand are given a score."), field)
    return items


def _total(a: Assessment) -> Decimal:
    return scoring.total(a.items.all())


@transaction.atomic
def do_open_assessment(organisation: PartyOrganisation, *, year: int, actor: Any) -> Assessment:
    """A branch opens its assessment of this year or the last, once: the office's criteria in
    use are copied into its items, so later changes to them leave it as it was."""
    org = (
        PartyOrganisation.objects.select_for_update(of=("self",))
        .select_related("area__parent", "parent__area", "secretary")
        .get(pk=organisation.pk)
    )
    if org.level != OrgLevel.BRANCH:
        raise Invalid(_("Only a party branch is assessed for stars."), "organisation_id")
    if not permissions.may_self_assess(actor, org):
        _refuse(actor, org, _("Only the branch assesses itself."))
    this = timeutil.today().year
    if year not in (this, this - 1):
        raise Invalid(
            _("An assessment is opened for %(this)d or %(last)d.")
            % {"this": this, "last": this - 1},
            "year",
        )
    if Assessment.objects.filter(organisation=org, year=year).exists():
        raise Conflict(
            _("The branch's assessment of %(year)d is already open.") % {"year": year}, "year"
        )
    criteria = list(Criterion.objects.filter(active=True).order_by("position", "pk"))
    if not criteria:
        raise Conflict(_("The office has set no criteria yet."), "year")
    a = Assessment.objects.create(
        organisation=org, year=year, max_points=sum(c.points for c in criteria)
    )
    AssessmentItem.objects.bulk_create(
        AssessmentItem(
            assessment=a,
            criterion=c,
            title=c.title,
            measure=c.measure,
            points=c.points,
            target=c.target,
            evidence_asked=c.evidence,
            position=c.position,
        )
        for c in criteria
    )
    audit.record(
        actor,
        "party.stars.open",
        a,
        {"year": [None, year], "items": [None, len(criteria)]},
        area_code=org.area.code,
    )
    return a


@transaction.atomic
def do_self_assess(
    assessment: Assessment, *, scores: Mapping[int, tuple[Any, str]], actor: Any
) -> Assessment:
    """The branch scores its hand items and gives their evidence ({item: (score or None,
    evidence)}), while the self-assessment is open."""
    a = _locked(assessment)
    _branch_side(actor, a)
    if a.status != AssessmentStatus.DRAFT:
        raise Conflict(_("The self-assessment has been submitted."), "status")
    items = _hand_items(a, scores, "items")
    changed = []
    for pk, (raw, evidence) in scores.items():
        item = items[pk]
        score = None if raw is None or raw == "" else _score(raw, item, f"score_{pk}")
        evidence = (evidence or "").strip()
        if len(evidence) > EVIDENCE_MAX:
            raise Invalid(
                _("Evidence has at most %(n)d characters.") % {"n": EVIDENCE_MAX}, f"evidence_{pk}"
            )
        if (item.self_score, item.evidence) != (score, evidence):
            item.self_score, item.evidence = score, evidence
            changed.append(item)
    AssessmentItem.objects.bulk_update(changed, ["self_score", "evidence"])
    if changed:
        a.total = _total(a)
        a.save(update_fields=["total"])
        audit.record(
            actor,
            "party.stars.self_assess",
            a,
            {"items": [None, ", ".join(i.title for i in changed)]},
            area_code=a.organisation.area.code,
        )
    return a


def _measure(a: Assessment) -> list[AssessmentItem]:
    """Each automatic item measured for the assessment's year, now."""
    found = []
    for item in a.items.all():
        if not item.automatic:
            continue
        if item.measure not in measures.names():
            raise Conflict(
                _("“%(item)s” cannot be measured now; ask the office to change the criteria.")
                % {"item": item.title}
            )
        value = measures.get(item.measure).compute([a.organisation], a.year)[a.organisation.pk]
        item.measured = value
        item.self_score = scoring.automatic_score(item.points, item.target or Decimal(1), value)
        found.append(item)
    return found


@transaction.atomic
def do_submit_assessment(assessment: Assessment, *, actor: Any) -> Assessment:
    """The branch submits its self-assessment: every hand item scored with evidence; the
    automatic items are measured for the year as it stands."""
    a = _locked(assessment)
    _branch_side(actor, a)
    if a.status == AssessmentStatus.DRAFT:
        for item in a.items.all():
            if item.automatic:
                continue
            if item.self_score is None:
                raise Invalid(
                    _("Score “%(item)s” before submitting.") % {"item": item.title},
                    f"score_{item.pk}",
                )
            if not item.evidence:
                raise Invalid(
                    _("Give the evidence of “%(item)s” before submitting.") % {"item": item.title},
                    f"evidence_{item.pk}",
                )
    measured = _measure(a) if a.status == AssessmentStatus.DRAFT else []
    AssessmentItem.objects.bulk_update(measured, ["measured", "self_score"])
    return move(
        a,
        "submit",
        actor,
        changes={"total": _total(a), "submitted_by": actor},
        locked=True,
    )


@transaction.atomic
def do_review_assessment(
    assessment: Assessment, *, scores: Mapping[int, Any], note: str = "", actor: Any
) -> Assessment:
    """The level above confirms the scores of the hand items ({item: score}; an item not
    given keeps the branch's), with a note. Automatic items keep what was measured."""
    a = _locked(assessment)
    _above(actor, a)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise Invalid(_("A note has at most %(n)d characters.") % {"n": NOTE_MAX}, "note")
    changed = []
    if a.status == AssessmentStatus.SUBMITTED:
        items = _hand_items(a, scores, "items")
        for pk, item in items.items():
            raw = scores.get(pk)
            item.review_score = (
                item.self_score if raw is None or raw == "" else _score(raw, item, f"score_{pk}")
            )
            changed.append(item)
    AssessmentItem.objects.bulk_update(changed, ["review_score"])
    return move(
        a,
        "review",
        actor,
        changes={"total": _total(a), "reviewed_by": actor, "review_note": note},
        note=note,
        locked=True,
    )


@transaction.atomic
def do_return_assessment(assessment: Assessment, *, note: str, actor: Any) -> Assessment:
    """The level above returns the assessment to the branch, saying what to change; the
    reviewed scores are dropped and the automatic items are measured again on submission."""
    a = _locked(assessment)
    _above(actor, a)
    note = (note or "").strip()
    if not note:
        raise Invalid(_("Say what the branch should change."), "note")
    if len(note) > NOTE_MAX:
        raise Invalid(_("A note has at most %(n)d characters.") % {"n": NOTE_MAX}, "note")
    if a.status in (AssessmentStatus.SUBMITTED, AssessmentStatus.REVIEWED):
        a.items.update(review_score=None)
        a.items.exclude(measure="").update(measured=None, self_score=None)
    return move(
        a,
        "return",
        actor,
        changes={"total": _total(a), "reviewed_by": None, "review_note": note},
        note=note,
        locked=True,
    )


@transaction.atomic
def do_publish_assessment(assessment: Assessment, *, actor: Any) -> Assessment:
    """The level above publishes a reviewed assessment: its stars, from the share of the
    points possible by the office's thresholds, are fixed from then on."""
    a = _locked(assessment)
    _above(actor, a)
    stars = scoring.stars(a.percent, scoring.scale().thresholds)
    return move(
        a,
        "publish",
        actor,
        changes={"stars": stars, "published_at": timezone.now()},
        locked=True,
    )


__all__ = [
    "ASSESSMENTS",
    "do_open_assessment",
    "do_publish_assessment",
    "do_return_assessment",
    "do_review_assessment",
    "do_self_assess",
    "do_submit_assessment",
]
