"""Party pages: the organisation tree, organisation pages, 双报到, cross-appointments and
partner units; forms that add through party.actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Capability
from core.http import show_refusal
from core.refusal import Refusal
from party import actions, permissions, selectors
from party.forms import (
    AgreementEditForm,
    AgreementForm,
    CrossAppointmentForm,
    MemberEditForm,
    MemberForm,
    OrganisationEditForm,
    OrganisationForm,
    PartnerUnitEditForm,
    PartnerUnitForm,
    WorkingCommitteeForm,
)
from party.models import ALLOWED_PARENT, CrossAppointment, OrgLevel, PartnershipAgreement

CHILD_LEVEL = {parent: level for level, parent in ALLOWED_PARENT.items() if parent is not None}


@login_required
def index(request: Any) -> HttpResponse:
    """The organisation tree: working committee → extended committee → branch → group → hub."""
    permissions.require_party(request.user)
    return render(
        request,
        "party/index.html",
        {
            "roots": selectors.tree(request.user),
            "can_edit": permissions.may_edit_somewhere(request.user),
            "can_found": permissions.may_found_working_committee(request.user),
        },
    )


@login_required
def organisation(request: Any, pk: int) -> HttpResponse:
    org = selectors.get_organisation(request.user, pk)
    members = org.members.select_related("home_community").prefetch_related("cross_appointments")
    return render(
        request,
        "party/organisation.html",
        {
            "org": org,
            "children": selectors.with_member_totals(
                org.children.select_related("area").order_by("name")
            ),
            "members": Paginator(members, 50).get_page(request.GET.get("page")),
            "agreements": PartnershipAgreement.objects.filter(organisation=org).select_related(
                "unit"
            ),
            "can_edit": permissions.may_edit(request.user, org.area.code),
            "child_level": CHILD_LEVEL.get(OrgLevel(org.level)),
        },
    )


@login_required
def registrations(request: Any) -> HttpResponse:
    """在职党员双报到: per community, the in-service members registered there."""
    permissions.require_party(request.user)
    qs = selectors.registrations(request.user)
    per_community = (
        qs.values("home_community__code", "home_community__name")
        .annotate(n=Count("pk"))
        .order_by("home_community__code")
    )
    community = request.GET.get("community", "")
    page = None
    if community:
        listed = qs.filter(home_community__code=community).select_related("organisation")
        page = Paginator(listed.order_by("name"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "party/registrations.html",
        {"per_community": per_community, "community": community, "page": page},
    )


@login_required
def cross_appointments(request: Any) -> HttpResponse:
    permissions.require_party(request.user)
    qs = CrossAppointment.objects.filter(
        permissions.scope_q(request.user, "member__organisation__area__code")
    ).select_related("member__organisation")
    return render(
        request,
        "party/cross_appointments.html",
        {"page": Paginator(qs.order_by("member__name"), 50).get_page(request.GET.get("page"))},
    )


@login_required
def partners(request: Any) -> HttpResponse:
    permissions.require_party(request.user)
    units = list(
        selectors.partner_units(request.user)
        .select_related("area")
        .prefetch_related("agreements__organisation__area")
    )
    user = request.user
    return render(
        request,
        "party/partners.html",
        {
            "units": units,
            "editable": {u.pk for u in units if permissions.may_edit(user, u.area.code)},
            "editable_areas": {
                a.organisation.area.code
                for u in units
                for a in u.agreements.all()
                if permissions.may_edit(user, a.organisation.area.code)
            },
            "can_edit": permissions.may_edit_somewhere(request.user),
        },
    )


def _form_page(
    request: Any,
    form: forms.Form,
    title: str,
    back: str,
    save: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except Refusal as refusal:
            show_refusal(request, refusal, form)
        else:
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(done)
    return render(request, "party/form.html", {"form": form, "title": title, "back": back})


@login_required
def add_member(request: Any, pk: int) -> HttpResponse:
    org = selectors.get_organisation(request.user, pk, Capability.EDIT_PARTY)
    back = reverse("party:organisation", args=[org.pk])
    form = MemberForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        form,
        _("Add a member to %(org)s") % {"org": org.name},
        back,
        lambda data: actions.do_add_member(
            org,
            code=data["code"],
            name=data["name"],
            phone=data["phone"],
            in_service=data["in_service"],
            workplace=data["workplace"],
            home_community=data["home_community"],
            registered_on=data["registered_on"],
            joined_on=data["joined_on"],
            actor=request.user,
        ),
        back,
    )


@login_required
def add_cross_appointment(request: Any, pk: int) -> HttpResponse:
    member = selectors.get_member(request.user, pk, Capability.EDIT_PARTY)
    back = reverse("party:organisation", args=[member.organisation_id])
    form = CrossAppointmentForm(request.POST or None)
    return _form_page(
        request,
        form,
        _("Cross-appointment of %(name)s") % {"name": member.name},
        back,
        lambda data: actions.do_add_cross_appointment(
            member,
            body=data["body"],
            body_name=data["body_name"],
            position=data["position"],
            actor=request.user,
        ),
        back,
    )


@login_required
def add_partner_unit(request: Any) -> HttpResponse:
    if not permissions.may_edit_somewhere(request.user):
        raise Http404
    back = reverse("party:partners")
    form = PartnerUnitForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        form,
        _("Add a partner unit"),
        back,
        lambda data: actions.do_add_partner_unit(
            data["area"],
            code=data["code"],
            name=data["name"],
            contact=data["contact"],
            phone=data["phone"],
            actor=request.user,
        ),
        back,
    )


@login_required
def add_agreement(request: Any, pk: int) -> HttpResponse:
    unit = selectors.get_partner_unit(request.user, pk, Capability.EDIT_PARTY)
    back = reverse("party:partners")
    form = AgreementForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        form,
        _("Agreement with %(unit)s") % {"unit": unit.name},
        back,
        lambda data: actions.do_add_agreement(
            unit,
            code=data["code"],
            organisation=data["organisation"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            commitments=data["commitments"],
            actor=request.user,
        ),
        back,
    )


@login_required
def add_organisation(request: Any, pk: int) -> HttpResponse:
    """An organisation one level below `pk` (党工委 → 大党委 → 党支部 → 党小组 → 党员中心户)."""
    parent = selectors.get_organisation(request.user, pk, Capability.EDIT_PARTY)
    level = CHILD_LEVEL.get(OrgLevel(parent.level))
    if level is None:
        raise Http404
    back = reverse("party:organisation", args=[parent.pk])
    form = OrganisationForm(request.POST or None, user=request.user, parent=parent)
    return _form_page(
        request,
        form,
        _("Add a %(level)s under %(org)s") % {"level": level.label, "org": parent.name},
        back,
        lambda data: actions.do_create_organisation(
            code=data["code"],
            name=data["name"],
            level=level,
            kind=data["kind"],
            area=data["area"],
            parent=parent,
            actor=request.user,
        ),
        back,
    )


@login_required
def add_working_committee(request: Any) -> HttpResponse:
    if not permissions.may_found_working_committee(request.user):
        raise Http404
    back = reverse("party:index")
    form = WorkingCommitteeForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        form,
        _("Set up a working committee"),
        back,
        lambda data: actions.do_create_organisation(
            code=data["code"],
            name=data["name"],
            level=OrgLevel.WORKING_COMMITTEE,
            area=data["area"],
            actor=request.user,
        ),
        back,
    )


@login_required
def edit_organisation(request: Any, pk: int) -> HttpResponse:
    org = selectors.get_organisation(request.user, pk, Capability.EDIT_PARTY)
    back = reverse("party:organisation", args=[org.pk])
    initial = {"name": org.name, "kind": org.kind, "area": org.area, "secretary": org.secretary}
    form = OrganisationEditForm(request.POST or None, initial=initial, user=request.user, org=org)
    return _form_page(
        request,
        form,
        _("Edit %(org)s") % {"org": org.name},
        back,
        lambda data: actions.do_edit_organisation(
            org,
            name=data["name"],
            kind=data["kind"],
            area=data["area"],
            secretary=data["secretary"],
            actor=request.user,
        ),
        back,
    )


@login_required
def edit_member(request: Any, pk: int) -> HttpResponse:
    member = selectors.get_member(request.user, pk, Capability.EDIT_PARTY)
    back = reverse("party:organisation", args=[member.organisation_id])
    initial = {
        f: getattr(member, f)
        for f in (
            "name",
            "phone",
            "joined_on",
            "in_service",
            "workplace",
            "home_community",
            "registered_on",
            "organisation",
        )
    }
    form = MemberEditForm(request.POST or None, initial=initial, user=request.user, member=member)
    return _form_page(
        request,
        form,
        _("Edit %(name)s") % {"name": member.name},
        back,
        lambda data: actions.do_edit_member(
            member,
            name=data["name"],
            organisation=data["organisation"],
            phone=data["phone"],
            in_service=data["in_service"],
            workplace=data["workplace"],
            home_community=data["home_community"],
            registered_on=data["registered_on"],
            joined_on=data["joined_on"],
            actor=request.user,
        ),
        back,
    )


@login_required
def edit_partner_unit(request: Any, pk: int) -> HttpResponse:
    unit = selectors.get_partner_unit(request.user, pk, Capability.EDIT_PARTY)
    back = reverse("party:partners")
    initial = {"name": unit.name, "contact": unit.contact, "phone": unit.phone}
    form = PartnerUnitEditForm(request.POST or None, initial=initial)
    return _form_page(
        request,
        form,
        _("Edit %(name)s") % {"name": unit.name},
        back,
        lambda data: actions.do_edit_partner_unit(
            unit,
            name=data["name"],
            contact=data["contact"],
            phone=data["phone"],
            actor=request.user,
        ),
        back,
    )


@login_required
def edit_agreement(request: Any, pk: int) -> HttpResponse:
    agreement = selectors.get_agreement(request.user, pk, Capability.EDIT_PARTY)
    back = reverse("party:partners")
    initial = {
        "starts_on": agreement.starts_on,
        "ends_on": agreement.ends_on,
        "commitments": agreement.commitments,
    }
    form = AgreementEditForm(request.POST or None, initial=initial)
    return _form_page(
        request,
        form,
        _("Agreement with %(unit)s") % {"unit": agreement.unit.name},
        back,
        lambda data: actions.do_edit_agreement(
            agreement,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            commitments=data["commitments"],
            actor=request.user,
        ),
        back,
    )
