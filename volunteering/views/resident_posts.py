"""居民自主发布: a resident's own wishes and needs (post, follow), and the staff's review queue."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import AuthedRequest
from volunteering import actions, permissions, selectors
from volunteering.forms import ResidentPostForm
from volunteering.models import Need
from volunteering.views.common import attempt, require_staff_page
from volunteering.workflow import REVIEW_LABELS


@login_required
def my_posts(request: AuthedRequest) -> HttpResponse:
    """Post a wish or a need from the phone; follow each post's review and what came of it."""
    user = request.user
    if not permissions.may_post_own(user):
        raise Http404
    form = ResidentPostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if d["kind"] == "wish":
            done = attempt(
                request,
                lambda: actions.do_submit_wish(
                    title=d["title"],
                    description=d["description"],
                    beneficiary_kind=d["beneficiary_kind"],
                    privacy=d["privacy"],
                    actor=user,
                ),
                _("Sent. The community will review it before it is published."),
            )
        else:
            done = attempt(
                request,
                lambda: actions.do_submit_need(
                    title=d["title"],
                    description=d["description"],
                    category=d["category"],
                    actor=user,
                ),
                _("Sent. The community will review it before it is published."),
            )
        if done is not None:
            return redirect("volunteering:my_posts")
    news = request.GET.get("news") == "1"
    page = Paginator(selectors.my_posts(user, news=news), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteering/my_posts.html",
        {
            "form": form,
            "page": page,
            "news": news,
            "community": permissions.resident_home(user)[1],
        },
    )


@login_required
def review(request: AuthedRequest) -> HttpResponse:
    """Residents' wishes and needs awaiting review in the communities the staff member runs."""
    require_staff_page(request)
    page = Paginator(selectors.to_review(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "volunteering/review.html", {"page": page, "labels": REVIEW_LABELS})


@login_required
@require_POST
def review_act(request: AuthedRequest, kind: str, pk: int) -> HttpResponse:
    user = request.user
    require_staff_page(request)
    item: Any
    act: Any
    if kind == "wish":
        item = get_object_or_404(selectors.staff_wishes(user), pk=pk)
        act = actions.do_review_wish
    elif kind == "need":
        item = get_object_or_404(
            Need.objects.filter(permissions.staff_q(user, "community__code")), pk=pk
        )
        act = actions.do_review_need
    else:
        raise Http404
    decision = request.POST.get("decision", "")
    done = {
        "approve": _("Published."),
        "revise": _("Published with your changes; the resident is told."),
        "decline": _("Declined; the resident is told why."),
    }
    attempt(
        request,
        lambda: act(
            item,
            decision=decision,
            note=request.POST.get("note", ""),
            title=request.POST.get("title"),
            description=request.POST.get("description"),
            actor=user,
        ),
        done.get(decision, ""),
    )
    return redirect("volunteering:review")
