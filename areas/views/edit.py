"""Edit pages for buildings, households and residents; every change goes through an action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Capability
from areas import actions, selectors
from areas.forms import BuildingForm, HouseholdForm, RegisterForm, ResidentForm
from core.http import AuthedRequest, show_refusal
from core.refusal import Refusal


def _edit(
    request: AuthedRequest,
    obj: Any,
    form_class: type[RegisterForm],
    action: Callable[..., dict],
    title: str,
    back: str,
) -> HttpResponse:
    if request.method == "POST":
        form = form_class(request.POST, instance=obj)
        if form.is_valid():
            values = form.changed_values()
            fresh = type(obj)._default_manager.get(pk=obj.pk)
            try:
                changes = action(fresh, values, actor=request.user)
            except Refusal as refusal:
                show_refusal(request, refusal, form)
            else:
                if changes:
                    messages.success(request, _("Saved."))
                else:
                    messages.info(request, _("Nothing changed."))
                return HttpResponseRedirect(back)
    else:
        form = form_class(instance=obj)
    return render(request, "areas/edit.html", {"form": form, "title": title, "back": back})


@login_required
def edit_building(request: AuthedRequest, code: str) -> HttpResponse:
    b = selectors.get_building(request.user, code, Capability.EDIT_REGISTERS)
    back = reverse("areas:building", args=[b.code])
    return _edit(request, b, BuildingForm, actions.do_update_building, b.name, back)


@login_required
def edit_household(request: AuthedRequest, code: str) -> HttpResponse:
    h = selectors.get_household(request.user, code, Capability.EDIT_REGISTERS)
    back = reverse("areas:household", args=[h.code])
    return _edit(request, h, HouseholdForm, actions.do_update_household, h.address, back)


@login_required
def edit_resident(request: AuthedRequest, code: str) -> HttpResponse:
    r = selectors.get_resident(request.user, code, Capability.EDIT_REGISTERS)
    back = reverse("areas:resident", args=[r.code])
    return _edit(request, r, ResidentForm, actions.do_update_resident, r.name, back)
