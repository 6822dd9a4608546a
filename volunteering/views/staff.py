"""Staff pages: orders to review and publish, the three lists and matches, teams, talent,
in-service member progress (with export) and reports."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from core import audit
from core.http import AuthedRequest
from core.masking import mask_phone
from core.timeutil import today
from volunteering import actions, permissions, selectors
from volunteering.forms import (
    MatchForm,
    MemberForm,
    NeedForm,
    ResourceForm,
    ServiceItemForm,
    TalentForm,
    TeamForm,
    VolunteerForm,
)
from volunteering.models import (
    MicroWish,
    Need,
    NeedStatus,
    Order,
    OrderStatus,
    Project,
    ProjectStatus,
    Resource,
    ServiceItem,
    Talent,
    Team,
    Volunteer,
    WishStatus,
)
from volunteering.views.common import attempt, require_staff_page
from volunteering.workflow import PROJECT_EVENT_LABELS


@login_required
def board(request: AuthedRequest) -> HttpResponse:
    """Orders of the staff's communities, the ones waiting for review first."""
    require_staff_page(request)
    status = request.GET.get("status", OrderStatus.REQUESTED)
    qs = Order.objects.filter(permissions.staff_q(request.user, "community__code")).select_related(
        "community", "service", "team", "taker", "requester"
    )
    counts = dict(qs.values_list("status").annotate(n=Count("pk")).order_by())
    if status in OrderStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("-created", "-pk"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteering/staff_board.html",
        {
            "page": page,
            "status": status,
            "statuses": [(v, label, counts.get(v, 0)) for v, label in OrderStatus.choices],
        },
    )


LIST_FORMS: dict[str, Any] = {
    "need": NeedForm,
    "resource": ResourceForm,
    "service": ServiceItemForm,
    "match": MatchForm,
}


@login_required
def lists(request: AuthedRequest) -> HttpResponse:
    """需求清单 · 资源清单 · 服务清单, and needs matched with resources into projects."""
    require_staff_page(request)
    user = request.user
    kind = request.POST.get("kind", "")
    forms = {
        name: cls(request.POST if kind == name else None, user=user, prefix=name)
        for name, cls in LIST_FORMS.items()
    }
    if request.method == "POST":
        form = forms.get(kind)
        if form is None:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            calls = {
                "need": lambda: actions.do_add_need(actor=user, **d),
                "resource": lambda: actions.do_add_resource(actor=user, **d),
                "service": lambda: actions.do_add_service_item(actor=user, **d),
                "match": lambda: actions.do_match(actor=user, **d),
            }
            if attempt(request, calls[kind], _("Saved.")) is not None:
                return redirect(request.path + f"#{kind}")
    scope = permissions.staff_q(user, "community__code")
    return render(
        request,
        "volunteering/lists.html",
        {
            "forms": forms,
            "needs": Need.objects.filter(scope).select_related("community")[:100],
            "resources": Resource.objects.filter(scope).select_related(
                "community", "partner_unit", "team"
            )[:100],
            "services": ServiceItem.objects.filter(scope).select_related("community", "team")[:200],
            "projects": Project.objects.filter(scope).select_related("need", "resource")[:100],
        },
    )


@login_required
@require_POST
def project_act(request: AuthedRequest, pk: int, event: str) -> HttpResponse:
    project = get_object_or_404(
        Project.objects.filter(permissions.staff_q(request.user, "community__code")), pk=pk
    )
    if event not in ("start", "note", "complete", "cancel"):
        raise Http404
    attempt(
        request,
        lambda: actions.do_advance_project(
            project, event=event, note=request.POST.get("note", ""), actor=request.user
        ),
        _("Saved."),
    )
    return redirect("volunteering:project", pk)


@login_required
def project_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(
        Project.objects.filter(permissions.staff_q(request.user, "community__code")).select_related(
            "need", "resource__partner_unit", "resource__team", "community"
        ),
        pk=pk,
    )
    return render(
        request,
        "volunteering/project.html",
        {
            "project": project,
            "events": [
                (e, PROJECT_EVENT_LABELS.get(e.event, e.event))
                for e in project.events.select_related("actor")
            ],
        },
    )


@login_required
@require_POST
def service_toggle(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        ServiceItem.objects.filter(permissions.staff_q(request.user, "community__code")), pk=pk
    )
    attempt(
        request,
        lambda: actions.do_set_service_active(item, active=not item.active, actor=request.user),
        _("Saved."),
    )
    return redirect("/volunteering/staff/lists/#service")


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


def _year(request: AuthedRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return today().year
    return year if 2000 <= year <= 2100 else today().year


@login_required
def in_service(request: AuthedRequest) -> HttpResponse:
    """双报到: in-service members registered here, their services this year, who is behind."""
    require_staff_page(request)
    year = _year(request)
    required = selectors.required_services()
    behind = request.GET.get("behind") == "1"
    qs = selectors.in_service_progress(request.user, year, behind=behind)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [
        (m, mask_phone(m.phone), min(100, round(100 * m.done / required)) if required else 100)
        for m in page
    ]
    return render(
        request,
        "volunteering/in_service.html",
        {"page": page, "rows": rows, "year": year, "required": required, "behind": behind},
    )


@login_required
def in_service_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    """The list for 评先评优, phones masked; every export is audited."""
    require_staff_page(request)
    year = _year(request)
    required = selectors.required_services()
    qs = selectors.in_service_progress(request.user, year, behind=request.GET.get("behind") == "1")
    header = [
        _("Name"),
        _("Party organisation"),
        _("Workplace"),
        _("Home community"),
        _("Phone"),
        _("Orders served"),
        _("Wishes fulfilled"),
        _("Services"),
        pgettext("service count", "Required"),
        _("Behind"),
    ]
    rows = [
        [
            m.name,
            m.organisation.name,
            m.workplace,
            m.home_community.name if m.home_community else "",
            mask_phone(m.phone),
            m.orders_done,
            m.wishes_done,
            m.done,
            required,
            _("yes") if m.done < required else _("no"),
        ]
        for m in qs.iterator(chunk_size=2000)
    ]
    audit.record(
        request.user,
        "volunteering.in_service.export",
        None,
        {"year": year, "rows": len(rows), "format": fmt},
        object_type="party.partymember",
    )
    name = f"in-service-{year}"
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")  # Excel opens UTF-8 CSV with Chinese correctly only with a BOM
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(str(year))
        ws.append(header)
        for row in rows:
            ws.append(row)
        buf = io.BytesIO()
        wb.save(buf)
        response = HttpResponse(
            buf.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def report_figures(user: Any, year: int) -> dict[str, Any]:
    scope = permissions.staff_q(user, "community__code")
    orders = Order.objects.filter(scope, created__year=year)
    by_status = dict(orders.values_list("status").annotate(n=Count("pk")).order_by())
    done = orders.filter(status=OrderStatus.CONFIRMED).aggregate(
        hours=Sum("hours"), rating=Avg("rating"), n=Count("pk")
    )
    needs = Need.objects.filter(scope)
    wishes = MicroWish.objects.filter(scope, created__year=year)
    wish_status = dict(wishes.values_list("status").annotate(n=Count("pk")).order_by())
    return {
        "orders": sum(by_status.values()),
        "orders_by_status": [(label, by_status.get(v, 0)) for v, label in OrderStatus.choices],
        "confirmed": done["n"],
        "hours": done["hours"] or 0,
        "rating": round(done["rating"], 2) if done["rating"] else None,
        "needs": needs.count(),
        "needs_matched": needs.exclude(status=NeedStatus.OPEN).count(),
        "resources": Resource.objects.filter(scope).count(),
        "projects": Project.objects.filter(scope).count(),
        "projects_done": Project.objects.filter(scope, status=ProjectStatus.COMPLETED).count(),
        "wishes": sum(wish_status.values()),
        "wishes_claimed": sum(
            wish_status.get(s, 0)
            for s in (WishStatus.CLAIMED, WishStatus.FULFILLED, WishStatus.CONFIRMED)
        ),
        "wishes_confirmed": wish_status.get(WishStatus.CONFIRMED, 0),
        "volunteers": Volunteer.objects.filter(scope, active=True).count(),
        "party_volunteers": Volunteer.objects.filter(
            scope, active=True, party_member__isnull=False
        ).count(),
        "teams": Team.objects.filter(scope, active=True).count(),
    }


@login_required
def reports(request: AuthedRequest) -> HttpResponse:
    require_staff_page(request)
    year = _year(request)
    top = (
        Volunteer.objects.filter(permissions.staff_q(request.user, "community__code"))
        .annotate(
            hours=Sum(
                "orders__hours",
                filter=Q(orders__status=OrderStatus.CONFIRMED, orders__confirmed_at__year=year),
            )
        )
        .filter(hours__gt=0)
        .select_related("community")
        .order_by("-hours", "name")[:20]
    )
    return render(
        request,
        "volunteering/reports.html",
        {"f": report_figures(request.user, year), "year": year, "top": top},
    )
