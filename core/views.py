from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core import inbox as box
from core.http import AuthedRequest


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    page = Paginator(box.inbox_of(request.user), 30).get_page(request.GET.get("page"))
    return render(
        request, "core/inbox.html", {"page": page, "unread": box.unread_count(request.user)}
    )


@login_required
@require_POST
def mark_read(request: AuthedRequest, pk: int) -> HttpResponse:
    note = box.do_mark_read(request.user, pk)
    if note is None:
        raise Http404
    target = note.url if note.url and url_has_allowed_host_and_scheme(note.url, None) else "/inbox/"
    return HttpResponseRedirect(target)


@login_required
@require_POST
def mark_all_read(request: AuthedRequest) -> HttpResponse:
    box.do_mark_all_read(request.user)
    return HttpResponseRedirect(reverse("core:inbox"))
