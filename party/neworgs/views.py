"""两新 pages: the register with coverage per area, an organisation with its certifications
and reviews, a review with its three linked lists, the items and certification reviews due;
the forms (through party.views.form_view) and the start/done buttons."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from areas.models import Area
from core import timeutil
from core.http import show_refusal
from core.refusal import Refusal
from party import permissions
from party.neworgs import actions, selectors
from party.neworgs.forms import (
    CertificationForm,
    CertificationReviewForm,
    ItemForm,
    NewOrganisationForm,
    ReviewForm,
)
from party.neworgs.models import (
    BenchmarkReview,
    Certification,
    Coverage,
    ItemList,
    NewOrganisation,
    ReviewItem,
)
from party.views import FormPage, form_view


def root_area(user: Any, code: str = "") -> Area | None:
    """The area whose coverage is shown: `code` if the user sees it, else the highest area
    where the user views party organisations."""
    if code and permissions.may(user, permissions.VIEW, code):
        return Area.objects.filter(code=code).first()
    codes = access.area_codes(user, permissions.VIEW)
    if not codes:
        return None
    top = min(codes, key=len)
    return Area.objects.filter(code=top).first() or Area.objects.filter(parent=None).first()


@login_required
def index(request: Any) -> HttpResponse:
    """Coverage of the area and of the areas below it, then the organisations of the area."""
    user = request.user
    permissions.require_party(user)
    area = root_area(user, request.GET.get("area", ""))
    orgs = selectors.organisations(user)
    covers = []
    if area is not None:
        covers = selectors.coverage(orgs, [area, *area.children.order_by("code")])
        orgs = orgs.filter(area__code__startswith=area.code)
    cover = request.GET.get("coverage", "")
    if cover in Coverage.values:
        orgs = orgs.filter(coverage=cover)
    return render(
        request,
        "party/neworgs/index.html",
        {
            "area": area,
            "total": covers[0] if covers else None,
            "below": covers[1:],
            "page": Paginator(orgs.order_by("area__code", "name"), 30).get_page(
                request.GET.get("page")
            ),
            "coverages": Coverage.choices,
            "cover": cover,
            "can_add": permissions.may_edit_somewhere(user),
        },
    )


def _organisation(user: Any, pk: int) -> NewOrganisation:
    found = selectors.organisations(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_required
def organisation(request: Any, pk: int) -> HttpResponse:
    user = request.user
    found = _organisation(user, pk)
    edits = permissions.may_edit_new_organisation(user, found)
    return render(
        request,
        "party/neworgs/organisation.html",
        {
            "o": found,
            "certifications": found.certifications.all(),
            "reviews": found.reviews.all(),
            "edits": edits,
            "review_form": CertificationReviewForm() if edits else None,
            "today": timeutil.today(),
        },
    )


def _review(user: Any, pk: int) -> BenchmarkReview:
    found = (
        permissions.reviews_visible_to(user)
        .select_related("organisation__area")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
def review(request: Any, pk: int) -> HttpResponse:
    """The three lists, each correction and responsibility under the problem it answers."""
    user = request.user
    found = _review(user, pk)
    items = list(found.items.all())
    problems = [i for i in items if i.list == ItemList.PROBLEM]
    answers: dict[int | None, list[ReviewItem]] = {}
    for i in items:
        if i.list != ItemList.PROBLEM:
            answers.setdefault(i.problem_id, []).append(i)
    edits = permissions.may_edit_new_organisation(user, found.organisation)
    return render(
        request,
        "party/neworgs/review.html",
        {
            "r": found,
            "lists": [
                (value, label, [i for i in items if i.list == value])
                for value, label in ItemList.choices
            ],
            "problems": [(p, answers.get(p.pk, [])) for p in problems],
            "edits": edits,
            "form": ItemForm(review=found) if edits else None,
            "today": timeutil.today(),
        },
    )


@login_required
def items_due(request: Any) -> HttpResponse:
    user = request.user
    permissions.require_party(user)
    return render(
        request,
        "party/neworgs/due.html",
        {
            "items": selectors.items_due(user)[:100],
            "certifications": selectors.reviews_due(user)[:100],
            "form": CertificationReviewForm(),
            "today": timeutil.today(),
        },
    )


@login_required
@require_POST
def move_item(request: Any, pk: int, action: str) -> HttpResponse:
    found = (
        ReviewItem.objects.filter(review__in=permissions.reviews_visible_to(request.user))
        .filter(pk=pk)
        .first()
    )
    if found is None or action not in ("start", "done"):
        raise Http404
    try:
        actions.do_move_review_item(found, action, actor=request.user)
        messages.success(request, _("Saved."))
    except Refusal as refusal:
        show_refusal(request, refusal)
    return HttpResponseRedirect(reverse("party:review", args=[found.review_id]))


@login_required
@require_POST
def review_certification(request: Any, pk: int) -> HttpResponse:
    found = (
        Certification.objects.filter(organisation__in=selectors.organisations(request.user))
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    try:
        actions.do_review_certification(
            found, result=request.POST.get("result", ""), actor=request.user
        )
        messages.success(request, _("Saved."))
    except Refusal as refusal:
        show_refusal(request, refusal)
    return HttpResponseRedirect(reverse("party:neworg", args=[found.organisation_id]))


# Forms.


def _editor(user: Any, pk: int) -> None:
    if not permissions.may_edit_somewhere(user):
        raise Http404


def _editing(user: Any, pk: int) -> NewOrganisation:
    found = _organisation(user, pk)
    if not permissions.may_edit_new_organisation(user, found):
        raise Http404
    return found


def _editing_review(user: Any, pk: int) -> BenchmarkReview:
    found = _review(user, pk)
    if not permissions.may_edit_new_organisation(user, found.organisation):
        raise Http404
    return found


def _add(target: None, *, area: Area, **data: Any) -> NewOrganisation:
    return actions.do_add_new_organisation(area, **data)


def _org_page(o: Any) -> str:
    return reverse("party:neworg", args=[o.pk])


add_organisation = form_view(
    FormPage(
        form=NewOrganisationForm,
        target=_editor,
        title=lambda _none: _("Add a new economic or social organisation"),
        back=lambda _none: reverse("party:neworgs"),
        save=_add,
    )
)
add_review = form_view(
    FormPage(
        form=ReviewForm,
        target=_editing,
        title=lambda o: _("A benchmark review of %(org)s") % {"org": o.name},
        back=_org_page,
        save=actions.do_open_review,
        form_kwargs=lambda o, user: {},
    )
)
add_certification = form_view(
    FormPage(
        form=CertificationForm,
        target=_editing,
        title=lambda o: _("双强红领 certification of %(org)s's secretary") % {"org": o.name},
        back=_org_page,
        save=actions.do_certify_secretary,
        form_kwargs=lambda o, user: {},
    )
)
add_item = form_view(
    FormPage(
        form=ItemForm,
        target=_editing_review,
        title=lambda r: _("An item of the review of %(org)s") % {"org": r.organisation.name},
        back=lambda r: reverse("party:review", args=[r.pk]),
        save=actions.do_add_review_item,
        form_kwargs=lambda r, user: {"review": r},
    )
)
