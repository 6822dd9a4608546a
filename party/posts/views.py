"""Service post pages: the posts one may see (held today, or all), an organisation's form to
post a member (through party.views.form_view), and ending a post."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from areas.models import Building
from core import timeutil
from core.http import show_refusal
from core.refusal import Invalid, Refusal
from party import permissions
from party import selectors as party_selectors
from party.posts import actions, selectors
from party.posts.forms import PostForm
from party.posts.models import PostKind, ServicePost
from party.views import EDIT, FormPage, form_view


@login_required
def index(request: Any) -> HttpResponse:
    """The posts the user may see: held today by default, every one with ?all=1."""
    user = request.user
    today = timeutil.today()
    qs = selectors.posts(user)
    everything = request.GET.get("all") == "1"
    if not everything:
        qs = qs.active(today)
    kind = request.GET.get("kind", "")
    if kind in PostKind.values:
        qs = qs.filter(kind=kind)
    page = Paginator(qs.order_by("grid__code", "kind", "member__name", "pk"), 30).get_page(
        request.GET.get("page")
    )
    for p in page:
        p.may_end = p.is_active(today) and permissions.may_post_member(user, p.organisation)  # type: ignore[attr-defined]
    return render(
        request,
        "party/posts/index.html",
        {
            "page": page,
            "kinds": PostKind.choices,
            "kind": kind,
            "everything": everything,
            "today": today,
            "perms_party": permissions.may_see_party(user),
        },
    )


@login_required
@require_POST
def end(request: Any, pk: int) -> HttpResponse:
    found = selectors.posts(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    try:
        actions.do_end_post(found, actor=request.user)
    except Refusal as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Saved."))
    return HttpResponseRedirect(reverse("party:posts"))


def _post(target: Any, *, actor: Any, building_code: str = "", **data: Any) -> ServicePost:
    building = None
    if building_code:
        building = Building.objects.filter(code=building_code.strip()).first()
        if building is None:
            raise Invalid(_("No such building."), "building_code")
    return actions.do_post_member(building=building, actor=actor, **data)


add = form_view(
    FormPage(
        form=PostForm,
        target=lambda user, pk: party_selectors.get_organisation(user, pk, EDIT),
        title=lambda org: _("Post a member: %(org)s") % {"org": org.name},
        back=lambda org: reverse("party:posts"),
        save=lambda org, **data: _post(org, **data),
        form_kwargs=lambda org, user: {"org": org},
    )
)
