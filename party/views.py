"""Party pages: the organisation tree, organisation pages, 双报到, cross-appointments and
partner units; forms that add through party.actions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
from party.models import (
    ALLOWED_PARENT,
    CrossAppointment,
    OrgLevel,
    PartnershipAgreement,
    PartnerUnit,
    PartyMember,
    PartyOrganisation,
)
from party.neworgs import selectors as neworgs
from party.stars import selectors as stars

EDIT = Capability.EDIT_PARTY
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
            "coverage": neworgs.coverage_of_reach(request.user),
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
            "star_history": stars.history(org, request.user),
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


# Every party form page is one `FormPage`: `target` finds what the form acts on and answers
# 404 outside the user's reach (the selectors' lookups ask party.permissions), the form is
# filled from the request, and `save` is the action, called with the target, the form's
# cleaned data as keywords and the actor. A refusal shows on the form; success goes `back`.


@dataclass(frozen=True)
class FormPage:
    form: type[forms.Form]
    target: Callable[[Any, int], Any]
    title: Callable[[Any], str]
    back: Callable[[Any], str]
    save: Callable[..., object]
    # The form's extra arguments besides the data: most take the user (their choices).
    form_kwargs: Callable[[Any, Any], dict[str, Any]] = lambda target, user: {"user": user}
    # An edit form starts from the target's current values of the form's fields.
    edits: bool = False
    template: str = "party/form.html"


def form_view(page: FormPage) -> Callable[..., HttpResponse]:
    """The view of one form page (GET shows the form, POST saves through the action)."""

    @login_required
    def view(request: Any, pk: int = 0) -> HttpResponse:  # pk: 0 for a page without one
        target = page.target(request.user, pk)
        back = page.back(target)
        kwargs = page.form_kwargs(target, request.user)
        if page.edits:
            kwargs["initial"] = {f: getattr(target, f) for f in page.form.base_fields}
        form = page.form(request.POST or None, **kwargs)
        if request.method == "POST" and form.is_valid():
            try:
                page.save(target, actor=request.user, **form.cleaned_data)
            except Refusal as refusal:
                show_refusal(request, refusal, form)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(back)
        title = page.title(target)
        return render(request, page.template, {"form": form, "title": title, "back": back})

    return view


def _organisation(user: Any, pk: int) -> PartyOrganisation:
    return selectors.get_organisation(user, pk, EDIT)


def _parent(user: Any, pk: int) -> PartyOrganisation:
    """An organisation that may have one below it (a member hub household may not)."""
    parent = _organisation(user, pk)
    if OrgLevel(parent.level) not in CHILD_LEVEL:
        raise Http404
    return parent


def _member(user: Any, pk: int) -> PartyMember:
    return selectors.get_member(user, pk, EDIT)


def _unit(user: Any, pk: int) -> PartnerUnit:
    return selectors.get_partner_unit(user, pk, EDIT)


def _agreement(user: Any, pk: int) -> PartnershipAgreement:
    return selectors.get_agreement(user, pk, EDIT)


def _party_editor(user: Any, pk: int) -> None:
    if not permissions.may_edit_somewhere(user):
        raise Http404


def _founder(user: Any, pk: int) -> None:
    if not permissions.may_found_working_committee(user):
        raise Http404


def _organisation_page(org: PartyOrganisation) -> str:
    return reverse("party:organisation", args=[org.pk])


def _member_page(member: PartyMember) -> str:
    return reverse("party:organisation", args=[member.organisation_id])


def _partners_page(target: Any) -> str:
    return reverse("party:partners")


def _add_below(parent: PartyOrganisation, **data: Any) -> PartyOrganisation:
    level = CHILD_LEVEL[OrgLevel(parent.level)]
    return actions.do_create_organisation(parent=parent, level=level, **data)


def _add_partner_unit(target: None, *, area: Any, **data: Any) -> PartnerUnit:
    return actions.do_add_partner_unit(area, **data)


def _found_working_committee(target: None, **data: Any) -> PartyOrganisation:
    return actions.do_create_organisation(level=OrgLevel.WORKING_COMMITTEE, **data)


add_member = form_view(
    FormPage(
        form=MemberForm,
        target=_organisation,
        title=lambda org: _("Add a member to %(org)s") % {"org": org.name},
        back=_organisation_page,
        save=actions.do_add_member,
    )
)
add_cross_appointment = form_view(
    FormPage(
        form=CrossAppointmentForm,
        target=_member,
        title=lambda member: _("Cross-appointment of %(name)s") % {"name": member.name},
        back=_member_page,
        save=actions.do_add_cross_appointment,
        form_kwargs=lambda member, user: {},
    )
)
add_partner_unit = form_view(
    FormPage(
        form=PartnerUnitForm,
        target=_party_editor,
        title=lambda _none: _("Add a partner unit"),
        back=_partners_page,
        save=_add_partner_unit,
    )
)
add_agreement = form_view(
    FormPage(
        form=AgreementForm,
        target=_unit,
        title=lambda unit: _("Agreement with %(unit)s") % {"unit": unit.name},
        back=_partners_page,
        save=actions.do_add_agreement,
    )
)
# An organisation one level below `pk` (党工委 → 大党委 → 党支部 → 党小组 → 党员中心户).
add_organisation = form_view(
    FormPage(
        form=OrganisationForm,
        target=_parent,
        title=lambda parent: (
            _("Add a %(level)s under %(org)s")
            % {"level": CHILD_LEVEL[OrgLevel(parent.level)].label, "org": parent.name}
        ),
        back=_organisation_page,
        save=_add_below,
        form_kwargs=lambda parent, user: {"user": user, "parent": parent},
    )
)
add_working_committee = form_view(
    FormPage(
        form=WorkingCommitteeForm,
        target=_founder,
        title=lambda _none: _("Set up a working committee"),
        back=lambda _none: reverse("party:index"),
        save=_found_working_committee,
    )
)
edit_organisation = form_view(
    FormPage(
        form=OrganisationEditForm,
        target=_organisation,
        title=lambda org: _("Edit %(org)s") % {"org": org.name},
        back=_organisation_page,
        save=actions.do_edit_organisation,
        form_kwargs=lambda org, user: {"user": user, "org": org},
        edits=True,
    )
)
edit_member = form_view(
    FormPage(
        form=MemberEditForm,
        target=_member,
        title=lambda member: _("Edit %(name)s") % {"name": member.name},
        back=_member_page,
        save=actions.do_edit_member,
        form_kwargs=lambda member, user: {"user": user, "member": member},
        edits=True,
    )
)
edit_partner_unit = form_view(
    FormPage(
        form=PartnerUnitEditForm,
        target=_unit,
        title=lambda unit: _("Edit %(name)s") % {"name": unit.name},
        back=_partners_page,
        save=actions.do_edit_partner_unit,
        form_kwargs=lambda unit, user: {},
        edits=True,
    )
)
edit_agreement = form_view(
    FormPage(
        form=AgreementEditForm,
        target=_agreement,
        title=lambda agreement: _("Agreement with %(unit)s") % {"unit": agreement.unit.name},
        back=_partners_page,
        save=actions.do_edit_agreement,
        form_kwargs=lambda agreement, user: {},
        edits=True,
    )
)
