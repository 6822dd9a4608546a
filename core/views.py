from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.http import AuthedRequest
from core.models import Notification


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    qs = Notification.objects.filter(user=request.user)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "core/inbox.html",
        {"page": page, "unread": qs.filter(read_at__isnull=True).count()},
    )


@login_required
@require_POST
def mark_read(request: AuthedRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(Notification, pk=pk, user=request.user)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    target = note.url if note.url and url_has_allowed_host_and_scheme(note.url, None) else "/inbox/"
    return HttpResponseRedirect(target)
