"""Star-rating pages: what waits for the user (self-assessments due, assessments to review),
an assessment with its items and steps, the self-assessment and review forms, the step
buttons, and the published ratings every signed-in user may see."""

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

from core import timeutil
from core.http import show_refusal
from core.refusal import Refusal
from party import permissions
from party import selectors as party_selectors
from party.stars import actions, measures, selectors
from party.stars.api import may
from party.stars.forms import ReturnForm, ReviewForm, SelfAssessmentForm
from party.stars.models import Assessment


@login_required
def index(request: Any) -> HttpResponse:
    permissions.require_party(request.user)
    return render(
        request,
        "party/stars/index.html",
        {
            "due": selectors.due(request.user),
            "to_review": selectors.to_review(request.user),
            "year": timeutil.today().year,
        },
    )


def _assessment(user: Any, pk: int) -> Assessment:
    found = selectors.get_assessment(user, pk)
    if found is None:
        raise Http404
    return found


def _back(a: Assessment) -> str:
    return reverse("party:stars_assessment", args=[a.pk])


@login_required
def assessment(request: Any, pk: int) -> HttpResponse:
    a = _assessment(request.user, pk)
    steps = may(request.user, a)
    return render(
        request,
        "party/stars/assessment.html",
        {
            "a": a,
            "items": [(i, measures.unit(i.measure)) for i in a.items.all()],
            "steps": a.steps.select_related("actor"),
            "may": steps,
            "return_form": ReturnForm() if "return" in steps else None,
            "party_user": permissions.may_see_party(request.user),
        },
    )


@login_required
def self_assess(request: Any, pk: int) -> HttpResponse:
    a = _assessment(request.user, pk)
    if "submit" not in may(request.user, a):
        raise Http404
    form = SelfAssessmentForm(request.POST or None, assessment=a)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_self_assess(a, scores=form.scores(), actor=request.user)
            if "submit" in request.POST:
                actions.do_submit_assessment(a, actor=request.user)
        except Refusal as refusal:
            show_refusal(request, refusal, form)
        else:
            messages.success(
                request, _("Submitted for review.") if "submit" in request.POST else _("Saved.")
            )
            return HttpResponseRedirect(_back(a))
    return render(request, "party/stars/self_form.html", {"a": a, "form": form})


@login_required
def review(request: Any, pk: int) -> HttpResponse:
    a = _assessment(request.user, pk)
    if "review" not in may(request.user, a):
        raise Http404
    form = ReviewForm(request.POST or None, assessment=a)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_review_assessment(
                a, scores=form.scores(), note=form.cleaned_data["note"], actor=request.user
            )
        except Refusal as refusal:
            show_refusal(request, refusal, form)
        else:
            messages.success(request, _("Reviewed."))
            return HttpResponseRedirect(_back(a))
    return render(request, "party/stars/review_form.html", {"a": a, "form": form})


@login_required
@require_POST
def step(request: Any, pk: int, action: str) -> HttpResponse:
    """Publish, or return to the branch with a note."""
    a = _assessment(request.user, pk)
    try:
        if action == "publish":
            actions.do_publish_assessment(a, actor=request.user)
            messages.success(request, _("The star rating is published."))
        elif action == "return":
            form = ReturnForm(request.POST)
            note = form.data.get("note", "")
            actions.do_return_assessment(a, note=note, actor=request.user)
            messages.success(request, _("Returned to the branch."))
        else:
            raise Http404
    except Refusal as refusal:
        show_refusal(request, refusal)
    return HttpResponseRedirect(_back(a))


@login_required
@require_POST
def open_assessment(request: Any, pk: int) -> HttpResponse:
    org = party_selectors.get_organisation(request.user, pk)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = timeutil.today().year
    try:
        a = actions.do_open_assessment(org, year=year, actor=request.user)
    except Refusal as refusal:
        show_refusal(request, refusal)
        return HttpResponseRedirect(reverse("party:stars"))
    return HttpResponseRedirect(reverse("party:stars_self", args=[a.pk]))


@login_required
def published(request: Any) -> HttpResponse:
    """Published star ratings (成果晾晒), for every signed-in user, a year at a time."""
    years = selectors.published_years()
    try:
        year = int(request.GET.get("year") or (years[0] if years else 0))
    except ValueError:
        raise Http404 from None
    rows = selectors.published(year)
    return render(
        request,
        "party/stars/published.html",
        {
            "years": years,
            "year": year,
            "page": Paginator(rows, 50).get_page(request.GET.get("page")),
        },
    )
