"""Pairings: the list one sees (with whether each person visited this period), making one
and ending one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import AuthedRequest, show_refusal
from core.refusal import Invalid, NotFound, Refusal
from fieldwork import periods, permissions
from fieldwork.actions.pairings import do_end_pairing, do_pair, household_limit
from fieldwork.lookups import person_of, target_of
from fieldwork.models import Pairing, PairingKind
from fieldwork.selectors import pairings as selectors


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not permissions.may_see_pairings(user):
        raise Http404
    qs = selectors.pairings(user).filter(ended_on__isnull=True)
    if request.GET.get("mine"):
        qs = selectors.mine_due(user) if request.GET.get("due") else qs.filter(person=user)
    kind = request.GET.get("kind", "")
    if kind in PairingKind.values:
        qs = qs.filter(kind=kind)
    page = Paginator(qs.order_by("kind", "area_code", "pk"), 50).get_page(request.GET.get("page"))
    values: dict[str, str] = {}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in ("kind", "person", "target")}
        try:
            do_pair(
                values["kind"],
                person=person_of(values["person"]),
                target=target_of(values["kind"], values["target"]),
                actor=user,
            )
        except Refusal as refusal:
            if isinstance(refusal, NotFound):
                refusal = Invalid(_("No such household, resident or grid."), "target")
            show_refusal(request, refusal, not_found_page=False)
        else:
            messages.success(request, _("The pairing was made."))
            return redirect("fieldwork:pairings")
    return render(
        request,
        "fieldwork/pairings.html",
        {
            "page": page,
            "kinds": PairingKind.choices,
            "kind": kind,
            "values": values,
            "may_manage": permissions.may_manage_pairings_anywhere(user),
            "limit": household_limit(),
            "period": periods.current(),
        },
    )


@login_required
@require_POST
def end(request: AuthedRequest, pk: int) -> HttpResponse:
    pairing = Pairing.objects.filter(pk=pk).first()
    if pairing is None or not permissions.can_view_pairing(request.user, pairing):
        raise Http404
    try:
        do_end_pairing(pairing, actor=request.user)
    except Refusal as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The pairing was ended."))
    return redirect("fieldwork:pairings")
