from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect

from core.http import show_refusal
from core.refusal import Refusal
from core.timeutil import today
from volunteering import permissions


def attempt(request: HttpRequest, fn: Callable[[], Any], done: str) -> Any:
    """Run an action; on a refusal show its message and store nothing. A 404 refusal is a 404."""
    try:
        result = fn()
    except Refusal as refusal:
        show_refusal(request, refusal)
        return None
    if done:
        messages.success(request, done)
    return result


def back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next") or fallback
    if not target.startswith("/"):
        target = fallback
    return HttpResponseRedirect(target)


def require_staff_page(request: HttpRequest) -> None:
    if not permissions.is_any_staff(request.user):
        raise Http404


def to(name: str, *args: Any) -> HttpResponse:
    return redirect(name, *args)


def post_int(request: HttpRequest, name: str) -> int | None:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        return None


def post_float(request: HttpRequest, name: str) -> float | None:
    try:
        return float(request.POST.get(name, ""))
    except ValueError:
        return None


def year_asked(request: HttpRequest) -> int:
    """The year a report page asks for (?year=), this year when absent or out of range."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return today().year
    return year if 2000 <= year <= 2100 else today().year
