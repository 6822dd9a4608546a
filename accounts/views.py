"""An office gives its workers accounts and roles within its own part of the district;
everybody may change their own password. Every change goes through `accounts.actions`."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Q
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import actions, permissions, ratelimit
from accounts.forms import AccountForm, InitialPasswordForm, RoleFields, WorkCardForm
from accounts.models import RoleAssignment, User
from accounts.roles import Role
from core import media
from core.http import AuthedRequest, show_refusal
from core.refusal import Refusal


def _manager(request: AuthedRequest) -> Any:
    if not permissions.may_manage(request.user):
        raise Http404
    return request.user


def _role_choices(user: Any) -> list[tuple[str, str]]:
    grantable = set(permissions.role_choices(user))
    return [(value, str(label)) for value, label in Role.choices if value in grantable]


def _area(form: Form, user: Any) -> Any:
    """The form's area, if it exists and lies in the user's managed subtree."""
    area = actions.find_area(user, form.cleaned_data["area"])
    if area is None:
        form.add_error("area", _("No area with this code in your part of the district."))
    return area


@login_required
def people(request: AuthedRequest) -> HttpResponse:
    """The accounts holding a role in my part of the district, with their roles there."""
    user = _manager(request)
    users = actions.managed_users(user)
    q = request.GET.get("q", "").strip()
    if q:
        users = users.filter(Q(name__icontains=q) | Q(phone__startswith=q))
    status = request.GET.get("status", "")
    if status in ("active", "inactive"):
        users = users.filter(is_active=status == "active")
    area = request.GET.get("area", "").strip()
    if area.isdigit() and permissions.manages(user, area):
        users = users.filter(
            pk__in=RoleAssignment.objects.filter(area__code__startswith=area).values("user")
        )
    scope = permissions.managed_q(user, "area__code")
    users = users.order_by("name", "pk").prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.filter(scope)
            .select_related("area")
            .order_by("area__code", "role"),
            to_attr="roles_here",
        )
    )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/people.html",
        {"page": page, "q": q, "area": area, "status": status},
    )


@login_required
def new_account(request: AuthedRequest) -> HttpResponse:
    user = _manager(request)
    roles = _role_choices(user)
    if request.method == "POST":
        form = AccountForm(request.POST, roles=roles)
        if form.is_valid() and (area := _area(form, user)) is not None:
            try:
                account, created = actions.do_create_account(
                    phone=form.cleaned_data["phone"],
                    name=form.cleaned_data["name"],
                    password=form.cleaned_data["password"],
                    role=form.cleaned_data["role"],
                    area=area,
                    duty=form.cleaned_data["duty"],
                    actor=user,
                )
            except Refusal as refusal:
                show_refusal(request, refusal, form, not_found_page=False)
            else:
                if created:
                    messages.success(request, _("The account was created."))
                else:
                    messages.info(
                        request,
                        _(
                            "This phone number already had an account without any role: it "
                            "now holds the role, and its name and password are unchanged."
                        ),
                    )
                return redirect("accounts:person", account.pk)
        status = 400
    else:
        form = AccountForm(roles=roles, initial={"area": request.GET.get("area", "")})
        status = 200
    return render(
        request,
        "accounts/new.html",
        {"form": form, "areas": actions.area_choices(user)},
        status=status,
    )


def _person_page(
    request: AuthedRequest,
    person: User,
    grant_form: RoleFields | None = None,
    password_form: InitialPasswordForm | None = None,
    status: int = 200,
    card_form: WorkCardForm | None = None,
) -> HttpResponse:
    user = request.user
    assignments = list(person.role_assignments.select_related("area").order_by("area__code"))
    # Roles outside my part of the district are counted, not shown.
    rows = [a for a in assignments if permissions.manages(user, a.area.code)]
    may_change = permissions.fully_managed(user, person)
    failed = ratelimit.failures(person.phone) if may_change else ratelimit.Failures()
    return render(
        request,
        "accounts/person.html",
        {
            "person": person,
            "rows": rows,
            "elsewhere": len(assignments) - len(rows),
            "grant_form": grant_form or RoleFields(roles=_role_choices(user)),
            "password_form": password_form or InitialPasswordForm(),
            "may_set_password": may_change,
            "person_photo": media.url(person.photo) if may_change else "",
            "card_form": card_form or WorkCardForm(initial={"work_phone": person.work_phone}),
            "may_set_active": may_change and person.pk != user.pk,
            "failed_logins": failed.count,
            "login_wait_until": (
                dt.datetime.fromtimestamp(failed.until, tz=dt.UTC)
                if failed.wait(time.time())
                else None
            ),
            "areas": actions.area_choices(user),
        },
        status=status,
    )


def _person(request: AuthedRequest, pk: int) -> User:
    return get_object_or_404(actions.managed_users(_manager(request)), pk=pk)


@login_required
def person(request: AuthedRequest, pk: int) -> HttpResponse:
    return _person_page(request, _person(request, pk))


@login_required
@require_POST
def grant(request: AuthedRequest, pk: int) -> HttpResponse:
    target = _person(request, pk)
    form = RoleFields(request.POST, roles=_role_choices(request.user))
    if form.is_valid() and (area := _area(form, request.user)) is not None:
        try:
            actions.do_grant_role(
                target,
                role=form.cleaned_data["role"],
                area=area,
                duty=form.cleaned_data["duty"],
                actor=request.user,
            )
        except Refusal as refusal:
            show_refusal(request, refusal, form)
        else:
            messages.success(request, _("The role was granted."))
            return redirect("accounts:person", target.pk)
    return _person_page(request, target, grant_form=form, status=400)


@login_required
@require_POST
def revoke(request: AuthedRequest, pk: int, assignment: int) -> HttpResponse:
    target = _person(request, pk)
    found = get_object_or_404(RoleAssignment, pk=assignment, user=target)
    try:
        actions.do_revoke_role(found, actor=request.user)
    except Refusal as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The role was revoked."))
    return redirect("accounts:person", target.pk)


@login_required
@require_POST
def set_work_card(request: AuthedRequest, pk: int) -> HttpResponse:
    """The work phone and photo residents see (定岗网格); an office that fully manages the
    account sets them."""
    target = _person(request, pk)
    form = WorkCardForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.do_set_work_card(
                target,
                work_phone=form.cleaned_data["work_phone"],
                photo=form.cleaned_data["photo"] or None,
                clear_photo=form.cleaned_data["clear_photo"],
                actor=request.user,
            )
        except Refusal as refusal:
            show_refusal(request, refusal, form)
        else:
            messages.success(request, _("The work card is saved."))
            return redirect("accounts:person", target.pk)
    return _person_page(request, target, card_form=form, status=400)


@login_required
@require_POST
def set_password(request: AuthedRequest, pk: int) -> HttpResponse:
    target = _person(request, pk)
    form = InitialPasswordForm(request.POST)
    if form.is_valid():
        try:
            actions.do_set_password(target, form.cleaned_data["password"], actor=request.user)
        except Refusal as refusal:
            show_refusal(request, refusal, form)
        else:
            messages.success(request, _("The new password is set."))
            return redirect("accounts:person", target.pk)
    return _person_page(request, target, password_form=form, status=400)


@login_required
@require_POST
def set_active(request: AuthedRequest, pk: int) -> HttpResponse:
    """Deactivate or reactivate an account (`active` is "1" or "0")."""
    target = _person(request, pk)
    active = request.POST.get("active") == "1"
    try:
        actions.do_set_active(target, active=active, actor=request.user)
    except Refusal as refusal:
        show_refusal(request, refusal)
    else:
        if active:
            messages.success(request, _("The account is active again."))
        else:
            messages.success(
                request, _("The account is deactivated: it can no longer log in or use the app.")
            )
    return redirect("accounts:person", target.pk)


@login_required
@require_POST
def unlock_login(request: AuthedRequest, pk: int) -> HttpResponse:
    """Lift the wait after failed logins, so the account's owner may log in at once."""
    target = _person(request, pk)
    try:
        unlocked = actions.do_unlock_login(target, actor=request.user)
    except Refusal as refusal:
        show_refusal(request, refusal)
    else:
        if unlocked:
            messages.success(request, _("The account may log in again at once."))
        else:
            messages.info(request, _("The account had no failed logins to lift."))
    return redirect("accounts:person", target.pk)


@login_required
def my_work_card(request: AuthedRequest) -> HttpResponse:
    """My own work card (定岗网格): the work phone and photo residents of my grids see."""
    me = request.user
    status = 200
    form = WorkCardForm(initial={"work_phone": me.work_phone})
    if request.method == "POST":
        form = WorkCardForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            try:
                actions.do_set_work_card(
                    me,
                    work_phone=form.cleaned_data["work_phone"],
                    photo=form.cleaned_data["photo"] or None,
                    clear_photo=form.cleaned_data["clear_photo"],
                    actor=me,
                )
            except Refusal as refusal:
                show_refusal(request, refusal, form)
            else:
                messages.success(request, _("The work card is saved."))
                return redirect("accounts:card")
        me.refresh_from_db()
    return render(
        request,
        "accounts/card.html",
        {"card_form": form, "photo": media.url(me.photo)},
        status=status,
    )


class PasswordChange(auth_views.PasswordChangeView):
    """Change my own password; the session stays signed in, the change is audited."""

    template_name = "accounts/password.html"
    success_url = reverse_lazy("home")

    @method_decorator(transaction.atomic)
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        actions.record_password_change(form.user)
        messages.success(self.request, _("Your password was changed."))
        return response
