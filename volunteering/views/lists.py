"""需求清单 · 资源清单 · 服务清单 for staff: adding to the three lists, switching a service
item on or off, and the projects that match a need with a resource."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import AuthedRequest
from fieldwork.links import VisitLink
from fieldwork.models import Visit
from fieldwork.permissions import can_view_visit
from volunteering import actions, permissions
from volunteering.forms import MatchForm, NeedForm, ResourceForm, ServiceItemForm
from volunteering.models import Need, Project, Resource, ServiceItem
from volunteering.views.common import attempt, require_staff_page
from volunteering.workflow import PROJECT_EVENT_LABELS

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
    from_visit = visit_need_initial(user, request.GET.get("visit", ""))
    if from_visit and request.method != "POST":
        forms["need"].initial.update(from_visit)
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
            "from_visit": bool(from_visit),
        },
    )


def visit_need_initial(user: Any, visit_id: str) -> dict[str, Any]:
    """The need form filled in from a household visit (`?visit=`) the user may see and whose
    community they run volunteering for: its needs as the description, the community."""
    if not visit_id.isdigit():
        return {}
    visit = (
        Visit.objects.select_related("household__building__community")
        .filter(pk=int(visit_id))
        .first()
    )
    if visit is None or not can_view_visit(user, visit):
        return {}
    community = visit.household.building.community
    if not permissions.is_staff_for(user, community.code):
        return {}
    text = visit.needs or visit.found
    return {
        "community": community,
        "title": text.splitlines()[0][:100] if text else "",
        "description": f"{visit.household.address}: {text}"[:2000],
        "visit": visit.pk,
    }


def visit_links(user: Any, visit: Any) -> list[VisitLink]:
    """On a visit's page: add a need from it (staff of its community), and the needs added."""
    community = visit.household.building.community
    out = [
        VisitLink(
            _("Need: %(title)s") % {"title": n.title}, reverse("volunteering:lists") + "#need", True
        )
        for n in Need.objects.filter(visit=visit, community=community)
        if permissions.is_staff_for(user, community.code)
    ]
    if permissions.is_staff_for(user, community.code):
        out.append(
            VisitLink(
                _("Add to the needs list"),
                reverse("volunteering:lists") + f"?visit={visit.pk}#need",
            )
        )
    return out


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
