"""Resident pages: my points, the store, my redemptions, the leaderboard."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from areas.models import Area
from core.http import AuthedRequest, show_refusal
from core.refusal import Refusal
from core.timeutil import today
from points import selectors
from points.actions import do_cancel_redemption, do_redeem_item
from points.forms import RedeemForm
from points.models import Item, Redemption, RedemptionStatus
from points.permissions import is_points_staff, staff_q


@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    """My points: the balance, this year's earnings and the history."""
    user = request.user
    history = selectors.history_of(user)
    page = Paginator(history, 30).get_page(request.GET.get("page"))
    year = today().year
    earned = (
        history.filter(Q(kind="credit") | Q(kind="adjustment", amount__gt=0))
        .filter(earned_on__year=year)
        .aggregate(t=Sum("amount"))["t"]
    )
    return render(
        request,
        "points/mine.html",
        {
            "balance": selectors.balance_of(user),
            "earned_this_year": earned or 0,
            "expiring": selectors.expiring_this_year(user.pk),
            "year": year,
            "page": page,
            "entries": selectors.with_labels(page),
            "is_staff": is_points_staff(user),
        },
    )


@login_required
def store(request: AuthedRequest) -> HttpResponse:
    """The charity stores of my community with what is on sale."""
    stores = selectors.resident_stores(request.user).prefetch_related(
        Prefetch("items", queryset=Item.objects.filter(active=True).order_by("price", "name"))
    )
    return render(
        request,
        "points/store.html",
        {"stores": stores, "balance": selectors.balance_of(request.user)},
    )


@login_required
@require_POST
def redeem(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        Item.objects.select_related("store__community"),
        pk=pk,
        store__in=selectors.resident_stores(request.user),
    )
    form = RedeemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a quantity."))
        return redirect("points:store")
    try:
        r = do_redeem_item(request.user, item, quantity=form.cleaned_data["quantity"])
    except Refusal as refusal:
        show_refusal(request, refusal, not_found_page=False)
        return redirect("points:store")
    messages.success(
        request, _("Redeemed. Show pickup code %(code)s at the counter.") % {"code": r.pickup_code}
    )
    return redirect("points:redemptions")


@login_required
def redemptions(request: AuthedRequest) -> HttpResponse:
    qs = selectors.redemptions_of(request.user)
    if request.GET.get("status") in RedemptionStatus.values:  # the home page's line
        qs = qs.filter(status=request.GET["status"])
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "points/redemptions.html", {"page": page})


@login_required
@require_POST
def cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    r = get_object_or_404(Redemption, pk=pk, user=request.user)
    try:
        do_cancel_redemption(r, actor=request.user)
    except Refusal as refusal:
        show_refusal(request, refusal, not_found_page=False)
    else:
        messages.success(request, _("Cancelled; the points are back."))
    return redirect("points:redemptions")


def leaderboard_communities(user: object) -> list[Area]:
    """The communities whose leaderboard a user may see: their own, and those under their
    staff roles."""
    codes = set(selectors.home_community_codes(user))
    staff = Area.objects.filter(level="community").filter(staff_q(user, "code"))
    if codes and not staff.exists():
        return list(Area.objects.filter(code__in=codes).order_by("code"))
    return list(Area.objects.filter(Q(code__in=codes) | Q(pk__in=staff.values("pk"))))


@login_required
def leaderboard(request: AuthedRequest) -> HttpResponse:
    """The community's top earners this year; names masked except for staff of that area."""
    communities = leaderboard_communities(request.user)
    by_code = {c.code: c for c in communities}
    code = request.GET.get("community")
    if code and code not in by_code:
        raise Http404
    chosen = by_code.get(code) if code else (communities[0] if communities else None)
    year = today().year
    rows = []
    staff_view = False
    if chosen is not None:
        staff_view = (
            Area.objects.filter(pk=chosen.pk).filter(staff_q(request.user, "code")).exists()
        )
        rows = selectors.leaderboard(chosen.code, year=year, mask=not staff_view)
    return render(
        request,
        "points/leaderboard.html",
        {
            "communities": communities,
            "chosen": chosen,
            "rows": rows,
            "year": year,
            "me": request.user.pk,
            "unmasked": staff_view,
        },
    )


@login_required
def redemption_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    r = get_object_or_404(
        Redemption.objects.select_related("item", "store"), pk=pk, user=request.user
    )
    return render(request, "points/redemption_detail.html", {"r": r})
