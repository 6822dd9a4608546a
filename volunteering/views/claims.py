"""双向领办与评价 pages: what the user may claim (open needs, projects under way) and the
claims they see (to deliver, to rate, all), a claim with its history and the forms its
viewer may use, and the posts of those forms."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import AuthedRequest
from party.models import PartnerUnit, PartyMember
from volunteering import actions, permissions, selectors
from volunteering.models import Claim, ClaimStatus, Need, Project
from volunteering.views.common import attempt, post_int
from volunteering.workflow import CLAIM_EVENT_LABELS

SHOWS = {
    "to_rate": selectors.claims_to_rate,
    "to_deliver": selectors.claims_to_deliver,
    "rate_as_resident": selectors.claims_to_rate_as_resident,
}


def _claimants(user: object, community: object) -> list[tuple[str, str]]:
    """The choices of "claim as": the member themself, then the partner units."""
    own, units = permissions.claimants_for(user, community)
    choices = [(f"member:{own.pk}", own.name)] if own is not None else []
    choices += [(f"unit:{u.pk}", u.name) for u in units]
    return choices


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    show = request.GET.get("show", "")
    if show in SHOWS:
        listed = SHOWS[show](user).select_related(
            "community", "need", "project", "member", "partner_unit"
        )
    else:
        listed = selectors.claims(user)
    needs = list(selectors.claimable_needs(user)[:30])
    projects = list(selectors.claimable_projects(user)[:30])
    claimants = {}
    for item in [*needs, *projects]:
        key = item.community_id
        if key not in claimants:
            claimants[key] = _claimants(user, item.community)
    return render(
        request,
        "volunteering/claims.html",
        {
            "show": show,
            "may_rate_as_staff": permissions.is_any_staff(user),
            "page": Paginator(listed.order_by("-claimed_at", "-pk"), 20).get_page(
                request.GET.get("page")
            ),
            "needs": [(n, claimants[n.community_id]) for n in needs],
            "projects": [(p, claimants[p.community_id]) for p in projects],
        },
    )


@login_required
@require_POST
def claim(request: AuthedRequest, kind: str, pk: int) -> HttpResponse:
    user = request.user
    target: dict[str, Any]
    if kind == "need":
        item = get_object_or_404(Need.objects.filter(selectors.claim_communities_q(user)), pk=pk)
        target = {"need": item}
    elif kind == "project":
        project = get_object_or_404(
            Project.objects.filter(selectors.claim_communities_q(user)), pk=pk
        )
        target = {"project": project}
    else:
        raise Http404
    who, _sep, ref = request.POST.get("claimant", "").partition(":")
    try:
        ref_pk = int(ref)
    except ValueError:
        ref_pk = 0
    claimant: dict[str, Any] = {}
    if who == "member":
        claimant["member"] = PartyMember.objects.filter(pk=ref_pk).first()
    elif who == "unit":
        claimant["partner_unit"] = PartnerUnit.objects.filter(pk=ref_pk).first()
    done = attempt(
        request,
        lambda: actions.do_claim(
            **target,
            **claimant,
            plan=request.POST.get("plan", ""),
            actor=user,  # type: ignore[arg-type]
        ),
        _("Claimed."),
    )
    if done is None:
        return redirect("volunteering:claims")
    return redirect("volunteering:claim", done.pk)


def _visible(request: AuthedRequest, pk: int) -> Claim:
    return get_object_or_404(selectors.claims(request.user), pk=pk)


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _visible(request, pk)
    user = request.user
    resident = permissions.resident_rater_for(user, found)
    mine = found.ratings.filter(resident=resident).first() if resident is not None else None
    delivered = found.status in (ClaimStatus.DELIVERED, ClaimStatus.RATED)
    return render(
        request,
        "volunteering/claim.html",
        {
            "c": found,
            "events": [
                (e, CLAIM_EVENT_LABELS.get(e.event, e.event))
                for e in found.events.select_related("actor")
            ],
            "may_deliver": found.status == ClaimStatus.CLAIMED
            and permissions.may_deliver(user, found),
            "may_rate": found.status == ClaimStatus.DELIVERED
            and permissions.may_rate_claim(user, found),
            "may_resident_rate": bool(resident and mine is None and delivered),
            "my_rating": mine,
            "ratings": found.ratings.all()[:20],
        },
    )


ACTS = {
    "deliver": lambda c, r, u: actions.do_report_delivery(
        c, report=r.POST.get("report", ""), actor=u
    ),
    "withdraw": lambda c, r, u: actions.do_withdraw_claim(c, note=r.POST.get("note", ""), actor=u),
    "send_back": lambda c, r, u: actions.do_send_back_claim(
        c, note=r.POST.get("note", ""), actor=u
    ),
    "rate": lambda c, r, u: actions.do_rate_delivery(
        c, score=post_int(r, "score"), comment=r.POST.get("comment", ""), actor=u
    ),
    "resident_rate": lambda c, r, u: actions.do_rate_claim_as_resident(
        c, stars=post_int(r, "stars"), comment=r.POST.get("comment", ""), actor=u
    ),
}


@login_required
@require_POST
def act(request: AuthedRequest, pk: int, event: str) -> HttpResponse:
    if event not in ACTS:
        raise Http404
    found = _visible(request, pk)
    attempt(request, lambda: ACTS[event](found, request, request.user), _("Saved."))
    return redirect("volunteering:claim", pk)
