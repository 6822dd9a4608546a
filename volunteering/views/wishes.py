"""The wish wall, one wish's page, and the staff's wish list with stalled flags."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import media
from core.http import AuthedRequest
from party.models import PartyMember
from volunteering import actions, permissions, selectors
from volunteering.actions.wishes import stalled_q
from volunteering.forms import WishForm
from volunteering.models import MicroWish, WishStatus
from volunteering.views.common import attempt, post_int, require_staff_page
from volunteering.workflow import WISH_EVENT_LABELS, wish_events_from

REVIEW_EVENTS = frozenset({"submit", "approve", "revise", "decline"})


@login_required
def wall(request: AuthedRequest) -> HttpResponse:
    """微心愿墙: open wishes first; names as the resident agreed."""
    status = request.GET.get("status", "open")
    qs = selectors.wall(request.user)
    if status in WishStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("-created", "-pk"), 24).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteering/wall.html",
        {"page": page, "status": status, "statuses": WishStatus.choices},
    )


def _visible(request: AuthedRequest, pk: int) -> MicroWish:
    return get_object_or_404(
        permissions.wishes_visible_to(request.user).select_related(
            "community", "claimer_unit", "claimer_member", "claimed_by", "posted_by"
        ),
        pk=pk,
    )


@login_required
def wish_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    wish = _visible(request, pk)
    user = request.user
    staff = permissions.is_staff_for(user, wish.community.code)
    possible = wish_events_from(wish.status)
    allowed: set[str] = set()
    if staff:
        allowed |= possible & {"confirm", "send_back", "cancel", "release", "claim"}
    if "claim" in possible and PartyMember.objects.filter(user=user).exists():
        allowed.add("claim")
    is_claimer = wish.claimed_by_id == user.pk or (staff and wish.claimer_unit_id is not None)
    if is_claimer:
        allowed |= possible & {"fulfil", "release"}
    return render(
        request,
        "volunteering/wish.html",
        {
            "wish": wish,
            "photo_url": media.url(wish.photo),
            "staff": staff,
            "allowed": allowed,
            "units": selectors.partner_units_for(user) if staff else None,
            "events": [
                (e, WISH_EVENT_LABELS.get(e.event, e.event))
                for e in wish.events.select_related("actor")
                # The resident's words as sent and the review's notes stay between the poster
                # and the staff (the wall shows the published wording).
                if staff or wish.posted_by_id == user.pk or e.event not in REVIEW_EVENTS
            ],
            "poster": wish.posted_by_id == user.pk and bool(wish.submitted_text),
            "show_name": staff,
        },
    )


@login_required
@require_POST
def wish_act(request: AuthedRequest, pk: int, event: str) -> HttpResponse:
    wish = _visible(request, pk)
    user = request.user
    reason = request.POST.get("reason", "")
    if event == "claim":
        unit_id = post_int(request, "unit")
        unit = get_object_or_404(selectors.partner_units_for(user), pk=unit_id) if unit_id else None
        attempt(
            request,
            lambda: actions.do_claim_wish(wish, unit=unit, actor=user),
            _("Claimed. Thank you!"),
        )
    elif event == "fulfil":
        attempt(
            request,
            lambda: actions.do_fulfil_wish(
                wish,
                photo=request.FILES.get("photo"),
                note=request.POST.get("note", ""),
                actor=user,
            ),
            _("Sent for confirmation."),
        )
    elif event == "confirm":
        attempt(request, lambda: actions.do_confirm_wish(wish, actor=user), _("Confirmed."))
    elif event == "send_back":
        attempt(
            request,
            lambda: actions.do_send_back_wish(wish, reason=reason, actor=user),
            _("Sent back."),
        )
    elif event == "release":
        attempt(
            request,
            lambda: actions.do_release_wish(wish, reason=reason, actor=user),
            _("Given back to the wall."),
        )
    elif event == "cancel":
        attempt(
            request,
            lambda: actions.do_cancel_wish(wish, reason=reason, actor=user),
            _("Cancelled."),
        )
    else:
        raise Http404
    return redirect("volunteering:wish", pk)


@login_required
def staff_wishes(request: AuthedRequest) -> HttpResponse:
    require_staff_page(request)
    form = WishForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        wish = attempt(
            request,
            lambda: actions.do_post_wish(
                community=d["community"],
                title=d["title"],
                beneficiary_name=d["beneficiary_name"],
                beneficiary_kind=d["beneficiary_kind"],
                privacy=d["privacy"],
                value=d["value"],
                description=d["description"],
                actor=request.user,
            ),
            _("The wish is on the wall."),
        )
        if wish is not None:
            return redirect("volunteering:staff_wishes")
    qs = selectors.staff_wishes(request.user).select_related(
        "community", "claimer_unit", "claimer_member", "claimed_by"
    )
    flag = request.GET.get("flag", "")
    status = request.GET.get("status", "")
    if flag == "stalled":
        qs = qs.filter(stalled_q())
    if status in WishStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("-created", "-pk"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteering/staff_wishes.html",
        {
            "page": page,
            "form": form,
            "flag": flag,
            "status": status,
            "statuses": WishStatus.choices,
            "stalled_ids": set(
                MicroWish.objects.filter(stalled_q(), pk__in=[w.pk for w in page]).values_list(
                    "pk", flat=True
                )
            ),
        },
    )
