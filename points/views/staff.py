"""Staff pages: earning rules, stores and stock, write-off, manual adjustment, reports."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from areas.models import Area
from core.http import AuthedRequest, show_refusal
from core.masking import mask_phone
from core.refusal import Refusal
from core.timeutil import today
from points import selectors
from points.actions import (
    do_adjust_points,
    do_create_item,
    do_create_rule,
    do_create_store,
    do_deactivate_rule,
    do_pickup_redemption,
    do_restock_item,
    do_update_item,
    do_update_rule,
)
from points.forms import AdjustForm, ItemForm, PickupForm, RestockForm, RuleForm, StoreForm
from points.models import EarningRule, Item, LedgerEntry, Redemption, RedemptionStatus
from points.permissions import is_points_staff, may_edit_rules, may_manage_user, staff_q


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    @login_required
    def wrapped(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_points_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


@staff_required
def manage(request: AuthedRequest) -> HttpResponse:
    stores = selectors.staff_stores(request.user)
    waiting = Redemption.objects.filter(store__in=stores, status=RedemptionStatus.RESERVED).count()
    return render(
        request,
        "points/manage.html",
        {"stores": stores.count(), "waiting": waiting, "is_admin": may_edit_rules(request.user)},
    )


@staff_required
def rules(request: AuthedRequest) -> HttpResponse:
    """All earning rules; administrators add new ones here."""
    admin = may_edit_rules(request.user)
    form = RuleForm(request.POST or None, initial={"valid_from": today()})
    if request.method == "POST":
        if not admin:
            raise Http404
        if form.is_valid():
            try:
                do_create_rule(actor=request.user, **form.cleaned_data)
            except Refusal as refusal:
                show_refusal(request, refusal, form, not_found_page=False)
            else:
                messages.success(request, _("Rule added."))
                return redirect("points:rules")
    return render(
        request,
        "points/rules.html",
        {"rules": selectors.rules(), "form": form if admin else None, "today": today()},
    )


@staff_required
def rule_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    if not may_edit_rules(request.user):
        raise Http404
    rule = get_object_or_404(EarningRule, pk=pk)
    fields = ("activity", "unit", "points", "daily_cap", "yearly_cap", "valid_from", "valid_to")
    form = RuleForm(request.POST or None, initial={f: getattr(rule, f) for f in (*fields, "note")})
    if request.method == "POST" and form.is_valid():
        try:
            do_update_rule(rule, actor=request.user, **form.cleaned_data)
        except Refusal as refusal:
            show_refusal(request, refusal, form, not_found_page=False)
        else:
            messages.success(request, _("Rule saved."))
            return redirect("points:rules")
    return render(request, "points/rule_edit.html", {"rule": rule, "form": form})


@staff_required
@require_POST
def rule_deactivate(request: AuthedRequest, pk: int) -> HttpResponse:
    if not may_edit_rules(request.user):
        raise Http404
    do_deactivate_rule(get_object_or_404(EarningRule, pk=pk), actor=request.user)
    messages.success(request, _("Rule deactivated."))
    return redirect("points:rules")


def _communities(user: Any) -> list[Area]:
    return list(
        Area.objects.filter(level="community").filter(staff_q(user, "code")).order_by("code")
    )


@staff_required
def stores(request: AuthedRequest) -> HttpResponse:
    communities = _communities(request.user)
    form = StoreForm(request.POST or None)
    cast(forms.ChoiceField, form.fields["community"]).choices = [
        (c.code, c.name) for c in communities
    ]
    if request.method == "POST" and form.is_valid():
        community = next(c for c in communities if c.code == form.cleaned_data["community"])
        data = {k: v for k, v in form.cleaned_data.items() if k != "community"}
        try:
            store = do_create_store(community, actor=request.user, **data)
        except Refusal as refusal:
            show_refusal(request, refusal, form, not_found_page=False)
        else:
            messages.success(request, _("Store opened."))
            return redirect("points:store_manage", pk=store.pk)
    qs = selectors.staff_stores(request.user).annotate(
        n_items=Count("items", distinct=True),
        waiting=Count("redemptions", filter=Q(redemptions__status="reserved"), distinct=True),
    )
    return render(request, "points/stores.html", {"stores": qs, "form": form})


@staff_required
def store_manage(request: AuthedRequest, pk: int) -> HttpResponse:
    """One store: its items with stock, a form for a new item, recent redemptions."""
    store = get_object_or_404(selectors.staff_stores(request.user), pk=pk)
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_create_item(store, actor=request.user, **form.cleaned_data)
        except Refusal as refusal:
            show_refusal(request, refusal, form, not_found_page=False)
        else:
            messages.success(request, _("Item added."))
            return redirect("points:store_manage", pk=store.pk)
    items = store.items.order_by("-active", "price", "name")
    recent = store.redemptions.select_related("item", "user").order_by("-created")[:30]
    return render(
        request,
        "points/store_manage.html",
        {"store": store, "items": items, "form": form, "recent": recent},
    )


@staff_required
def item_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        Item.objects.select_related("store__community"),
        pk=pk,
        store__in=selectors.staff_stores(request.user),
    )
    form = ItemForm(
        request.POST if request.POST.get("form") == "item" else None,
        initial={f: getattr(item, f) for f in ("kind", "name", "description", "price", "stock")},
    )
    form.fields["stock"].disabled = True
    restock = RestockForm(request.POST if request.POST.get("form") == "restock" else None)
    try:
        if form.is_bound and form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "stock"}
            do_update_item(
                item, actor=request.user, active=bool(request.POST.get("active")), **data
            )
            messages.success(request, _("Item saved."))
            return redirect("points:store_manage", pk=item.store_id)
        if restock.is_bound and restock.is_valid():
            do_restock_item(
                item,
                restock.cleaned_data["delta"],
                reason=restock.cleaned_data["reason"],
                actor=request.user,
            )
            messages.success(request, _("Stock updated."))
            return redirect("points:store_manage", pk=item.store_id)
    except Refusal as refusal:
        show_refusal(request, refusal, restock if restock.is_bound else form, not_found_page=False)
    return render(
        request, "points/item_edit.html", {"item": item, "form": form, "restock": restock}
    )


@staff_required
def pickup(request: AuthedRequest) -> HttpResponse:
    """Write-off at the counter: the resident shows a pickup code, staff enter it."""
    form = PickupForm(request.POST or None)
    done = None
    if request.method == "POST" and form.is_valid():
        try:
            done = do_pickup_redemption(form.cleaned_data["code"], actor=request.user)
        except Refusal as refusal:
            show_refusal(request, refusal, form, not_found_page=False)
        else:
            form = PickupForm()
    waiting = selectors.awaiting_pickup(request.user).select_related("item", "store", "user")
    return render(
        request, "points/pickup.html", {"form": form, "done": done, "waiting": waiting[:100]}
    )


@staff_required
def adjust(request: AuthedRequest) -> HttpResponse:
    """A manual adjustment with its reason; the resident is found by phone in the staff's area."""
    form = AdjustForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = User.objects.filter(phone=form.cleaned_data["phone"].strip()).first()
        if target is None or not may_manage_user(request.user, target):
            form.add_error("phone", _("No resident with this phone in your area."))
        else:
            try:
                do_adjust_points(
                    target,
                    form.cleaned_data["amount"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except Refusal as refusal:
                show_refusal(request, refusal, form, not_found_page=False)
            else:
                messages.success(
                    request,
                    _("Adjusted %(who)s by %(n)+d.")
                    % {"who": mask_phone(target.phone), "n": form.cleaned_data["amount"]},
                )
                return redirect("points:adjust")
    recent = (
        LedgerEntry.objects.filter(kind="adjustment", actor=request.user)
        .select_related("user")
        .order_by("-created")[:20]
    )
    return render(request, "points/adjust.html", {"form": form, "recent": recent})


@staff_required
def reports(request: AuthedRequest) -> HttpResponse:
    """What was earned per activity this year and what each store gave out."""
    year = today().year
    try:
        year = int(request.GET.get("year", year))
    except ValueError:
        raise Http404 from None
    by_store = (
        selectors.staff_stores(request.user)
        .annotate(
            picked=Count(
                "redemptions",
                filter=Q(redemptions__status="picked_up", redemptions__created__year=year),
            ),
            waiting=Count("redemptions", filter=Q(redemptions__status="reserved")),
            spent=Sum(
                "redemptions__points",
                filter=Q(redemptions__status="picked_up", redemptions__created__year=year),
            ),
        )
        .prefetch_related(Prefetch("items", queryset=Item.objects.filter(stock=0, active=True)))
    )
    return render(
        request,
        "points/reports.html",
        {
            "year": year,
            "activities": selectors.activity_totals(year, request.user),
            "stores": by_store,
            "check": selectors.check_ledger() if may_edit_rules(request.user) else None,
        },
    )
