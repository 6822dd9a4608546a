"""The 两新 register, its benchmark reviews (对标检视) and 双强红领 certifications; each write
audited. Outside the user's sight an organisation is a NotFound refusal; seen but not theirs
to change, Forbidden; the wrong moment a Conflict; bad input an Invalid naming its field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from areas.models import Area
from core import audit, timeutil
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from core.workflow import move
from party import permissions
from party.joint.actions import LONG_MAX, clean_text
from party.joint.models import TEXT_MAX
from party.joint.workflow import REVIEW_ITEMS
from party.models import PartyMember, PartyOrganisation
from party.neworgs.models import (
    BenchmarkReview,
    Certification,
    CertificationResult,
    Coverage,
    ItemList,
    NewOrganisation,
    NewOrgKind,
    ReviewItem,
)

MAX_EMPLOYEES = 1_000_000


def coverage_errors(
    area: Area, coverage: str, party_organisation: PartyOrganisation | None
) -> dict[str, str]:
    """What is wrong with a 两新 organisation's coverage (the form, the API and the register
    ask the same): a covered one names the party organisation, within or above its area; an
    uncovered one names none."""
    if coverage not in Coverage.values:
        return {"coverage": _("Choose how it is covered.")}
    if coverage == Coverage.NONE:
        if party_organisation is not None:
            return {
                "party_organisation": _("An organisation not covered names no party organisation.")
            }
        return {}
    if party_organisation is None:
        return {"party_organisation": _("Name the party organisation that covers it.")}
    org_code = party_organisation.area.code
    if not (area.code.startswith(org_code) or org_code.startswith(area.code)):
        return {"party_organisation": _("The party organisation must work where it is.")}
    return {}


def _fields(
    *,
    name: str,
    kind: str,
    employees: int,
    address: str,
    area: Area,
    coverage: str,
    party_organisation: PartyOrganisation | None,
) -> dict[str, Any]:
    if kind not in NewOrgKind.values:
        raise Invalid(_("Choose a kind."), "kind")
    if (
        isinstance(employees, bool)
        or not isinstance(employees, int)
        or not 0 <= employees <= MAX_EMPLOYEES
    ):
        raise Invalid(_("Give the number of employees."), "employees")
    found = coverage_errors(area, coverage, party_organisation)
    if found:
        field, message = next(iter(found.items()))
        raise Invalid(message, field)
    return {
        "name": clean_text(name, "name", 100, _("Give the name.")),
        "kind": kind,
        "employees": employees,
        "address": clean_text(address, "address", 200),
        "area": area,
        "coverage": coverage,
        "party_organisation": party_organisation,
    }


@transaction.atomic
def do_add_new_organisation(
    area: Area,
    *,
    name: str,
    kind: str,
    employees: int,
    address: str = "",
    coverage: str = Coverage.NONE,
    party_organisation: PartyOrganisation | None = None,
    actor: Any,
) -> NewOrganisation:
    """A 两新 organisation of an area (added by whoever edits party organisations there)."""
    if not permissions.may_edit(actor, area.code):
        raise NotFound(_("No such area."))
    values = _fields(
        name=name,
        kind=kind,
        employees=employees,
        address=address,
        area=area,
        coverage=coverage,
        party_organisation=party_organisation,
    )
    org = NewOrganisation.objects.create(**values)
    audit.record(
        actor,
        "party.neworgs.add",
        org,
        {"name": [None, org.name], "coverage": [None, coverage]},
    )
    return org


def _editing(organisation: NewOrganisation, actor: Any) -> NewOrganisation:
    found = NewOrganisation.objects.select_related("area").get(pk=organisation.pk)
    if not permissions.can_view_new_organisation(actor, found):
        raise NotFound(_("No such new economic or social organisation."))
    if not permissions.may_edit_new_organisation(actor, found):
        raise Forbidden(_("Only the office of its area changes it."))
    return found


@transaction.atomic
def do_open_review(
    organisation: NewOrganisation, *, held_on: dt.date, summary: str = "", actor: Any
) -> BenchmarkReview:
    """A benchmark review (对标检视) of a 两新 organisation, held on a day not in the future;
    its lists are filled item by item."""
    found = _editing(organisation, actor)
    if held_on > timeutil.today():
        raise Invalid(_("A review is recorded once it has been held."), "held_on")
    summary = clean_text(summary, "summary", LONG_MAX)
    review = BenchmarkReview.objects.create(
        organisation=found, held_on=held_on, summary=summary, made_by=actor
    )
    audit.record(actor, "party.neworgs.review", review, {"held_on": [None, held_on.isoformat()]})
    return review


@transaction.atomic
def do_add_review_item(
    review: BenchmarkReview,
    *,
    list: str,  # noqa: A002  (the list's name, as the model and the API call it)
    text: str,
    owner: str,
    deadline: dt.date,
    problem: ReviewItem | None = None,
    actor: Any,
) -> ReviewItem:
    """An item of one of the review's three lists: a problem; a correction, which answers a
    problem of the same review; a responsibility, which may name the problem it answers.
    Each has an owner and a deadline not before the review."""
    found = BenchmarkReview.objects.select_related("organisation__area").get(pk=review.pk)
    _editing(found.organisation, actor)
    if list not in ItemList.values:
        raise Invalid(_("Choose a list."), "list")
    what = clean_text(text, "text", TEXT_MAX, _("Say what the item is."))
    who = clean_text(owner, "owner", 50, _("Name who owns it."))
    if deadline < found.held_on:
        raise Invalid(_("The deadline cannot be before the review."), "deadline")
    if list == ItemList.PROBLEM:
        problem = None
    elif problem is None and list == ItemList.CORRECTION:
        raise Invalid(_("A correction names the problem it corrects."), "problem")
    if problem is not None and (problem.review_id != found.pk or problem.list != ItemList.PROBLEM):
        raise Invalid(_("Name a problem of this review."), "problem")
    item = ReviewItem.objects.create(
        review=found, list=list, text=what, owner=who, deadline=deadline, problem=problem
    )
    audit.record(
        actor,
        "party.neworgs.item",
        item,
        {
            "list": [None, list],
            "text": [None, what],
            "owner": [None, who],
            "deadline": [None, deadline.isoformat()],
        },
    )
    return item


@transaction.atomic
def do_move_review_item(item: ReviewItem, action: str, *, note: str = "", actor: Any) -> ReviewItem:
    """Start or finish an item of a review's lists (the office of the organisation's area)."""
    if action not in ("start", "done"):
        raise Conflict(_("This cannot be done now."))
    found = (
        ReviewItem.objects.select_for_update(of=("self",))
        .select_related("review__organisation__area")
        .get(pk=item.pk)
    )
    _editing(found.review.organisation, actor)
    note = clean_text(note, "note", TEXT_MAX)
    changes = {"done_on": timeutil.today()} if action == "done" else {}
    return move(found, action, actor, changes=changes, note=note, locked=True, table=REVIEW_ITEMS)


@transaction.atomic
def do_certify_secretary(
    organisation: NewOrganisation,
    *,
    name: str,
    certified_on: dt.date,
    member: PartyMember | None = None,
    actor: Any,
) -> Certification:
    """双强红领: certify the organisation's party secretary; the first yearly review falls a
    year after the certification."""
    found = _editing(organisation, actor)
    if certified_on > timeutil.today():
        raise Invalid(_("A certification cannot be dated in the future."), "certified_on")
    who = clean_text(name or (member.name if member else ""), "name", 50, _("Name the secretary."))
    cert = Certification.objects.create(
        organisation=found,
        member=member,
        name=who,
        certified_on=certified_on,
        review_on=_a_year_after(certified_on),
    )
    audit.record(actor, "party.neworgs.certify", cert, {"name": [None, who]})
    return cert


def _a_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@transaction.atomic
def do_review_certification(
    certification: Certification, *, result: str, actor: Any
) -> Certification:
    """The yearly review of a 双强红领 certification: passed (the next review a year on) or
    failed (no further review)."""
    found = Certification.objects.select_for_update(of=("self",)).get(pk=certification.pk)
    _editing(found.organisation, actor)
    if result not in (CertificationResult.PASSED, CertificationResult.FAILED):
        raise Invalid(_("Choose passed or failed."), "result")
    if found.result == CertificationResult.FAILED:
        raise Conflict(_("A failed certification is not reviewed again."))
    today = timeutil.today()
    before = {"result": found.result, "review_on": found.review_on.isoformat()}
    found.result = result
    found.reviewed_on = today
    if result == CertificationResult.PASSED:
        found.review_on = _a_year_after(max(found.review_on, today))
    found.save(update_fields=["result", "reviewed_on", "review_on"])
    audit.record(
        actor,
        "party.neworgs.certification_review",
        found,
        {
            "result": [before["result"], result],
            "review_on": [before["review_on"], found.review_on.isoformat()],
        },
    )
    return found
