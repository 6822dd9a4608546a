"""Volunteer teams, volunteers and the talent pool (能人库) of the staff's communities, and a
team's members."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.http import AuthedRequest
from core.masking import mask_phone
from volunteering import actions, permissions
from volunteering.forms import MemberForm, TalentForm, TeamForm, VolunteerForm
from volunteering.models import OrderStatus, Talent, Team, Volunteer
from volunteering.views.common import attempt, require_staff_page


@login_required
def teams(request: AuthedRequest) -> HttpResponse:
    """Teams, volunteers and the talent pool of the staff's communities."""
    require_staff_page(request)
    user = request.user
    kind = request.POST.get("kind", "")
    team_form = TeamForm(request.POST if kind == "team" else None, user=user, prefix="team")
    vol_form = VolunteerForm(request.POST if kind == "volunteer" else None, user=user, prefix="vol")
    talent_form = TalentForm(request.POST if kind == "talent" else None, user=user, prefix="talent")
    if request.method == "POST":
        done = None
        if kind == "team" and team_form.is_valid():
            done = attempt(
                request,
                lambda: actions.do_create_team(actor=user, **team_form.cleaned_data),
                _("Team created."),
            )
        elif kind == "volunteer" and vol_form.is_valid():
            done = attempt(
                request,
                lambda: actions.do_register_volunteer(actor=user, **vol_form.cleaned_data),
                _("Volunteer registered."),
            )
        elif kind == "talent" and talent_form.is_valid():
            d = dict(talent_form.cleaned_data)
            volunteer = d.pop("volunteer")
            done = attempt(
                request,
                lambda: actions.do_set_talent(volunteer, actor=user, **d),
                _("Saved to the talent pool."),
            )
        if done is not None:
            return redirect(request.path)
    scope = permissions.staff_q(user, "community__code")
    team_list = (
        Team.objects.filter(scope)
        .select_related("community", "partner_unit", "organisation")
        .annotate(n=Count("memberships"))
    )
    talents = (
        Talent.objects.filter(permissions.staff_q(user, "volunteer__community__code"))
        .select_related("volunteer__community")
        .annotate(
            hours=Sum(
                "volunteer__orders__hours",
                filter=Q(volunteer__orders__status=OrderStatus.CONFIRMED),
            )
        )
    )
    volunteers = (
        Volunteer.objects.filter(scope)
        .select_related("community")
        .annotate(
            hours=Sum("orders__hours", filter=Q(orders__status=OrderStatus.CONFIRMED)),
        )
        .order_by("community__code", "name")
    )
    page = Paginator(volunteers, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteering/teams.html",
        {
            "teams": team_list,
            "talents": [(t, mask_phone(t.volunteer.phone)) for t in talents[:200]],
            "page": page,
            "rows": [(vol, mask_phone(vol.phone)) for vol in page],
            "team_form": team_form,
            "vol_form": vol_form,
            "talent_form": talent_form,
        },
    )


@login_required
def team_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(
        Team.objects.filter(permissions.staff_q(request.user, "community__code")).select_related(
            "community", "partner_unit", "organisation", "compound"
        ),
        pk=pk,
    )
    form = MemberForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if request.POST.get("remove"):
            volunteer = get_object_or_404(Volunteer, pk=request.POST.get("remove"))
            attempt(
                request,
                lambda: actions.do_remove_team_member(
                    team, volunteer=volunteer, actor=request.user
                ),
                _("Removed."),
            )
            return redirect("volunteering:team", pk)
        if form.is_valid() and attempt(
            request,
            lambda: actions.do_add_team_member(team, actor=request.user, **form.cleaned_data),
            _("Added."),
        ):
            return redirect("volunteering:team", pk)
    members = team.memberships.select_related("volunteer__party_member").order_by(
        "-is_leader", "volunteer__name"
    )
    return render(
        request,
        "volunteering/team.html",
        {
            "team": team,
            "members": [(m, mask_phone(m.volunteer.phone)) for m in members],
            "form": form,
        },
    )
