"""Refuses a request whose text no database column can hold, before any view runs."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from core.refusal import Invalid
from core.text import MESSAGE, unstorable_input


class RefuseUnstorableText:
    """A NUL character or a lone surrogate anywhere in a request's text (`core.text`) is
    refused with a 400 in the shape of the part of the site that was asked: the API's
    `{"detail", "field"}` (`core.schemas.ErrorOut`), Open311's error list, or a page. One
    check for every input, so no endpoint, form or filter can pass such text on to
    PostgreSQL (which refuses it with an error, a 500 to the user)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        field = unstorable_input(request)
        if field is None:
            return self.get_response(request)
        return refuse(request, Invalid(MESSAGE, field))


def refuse(request: HttpRequest, refusal: Invalid) -> HttpResponse:
    path = request.path_info
    if path.startswith("/api/"):
        from linli.api import refused

        return refused(request, refusal)
    if path.startswith("/open311/"):
        from cases.open311.render import errors

        return errors("xml" if path.endswith(".xml") else "json", refusal.status, refusal.message)
    if refusal.field in request.COOKIES:
        # The page would read the session from this cookie: answer without it.
        return HttpResponseBadRequest(refusal.message, content_type="text/plain; charset=utf-8")
    return render(request, "400.html", {"message": refusal.message}, status=refusal.status)
