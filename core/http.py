"""Helpers for views: typing for views behind login, and the one way a page shows a refusal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404, HttpRequest

from core.refusal import Refusal

if TYPE_CHECKING:
    from accounts.models import User


class AuthedRequest(HttpRequest):
    user: User  # type: ignore[assignment]


def show_refusal(
    request: HttpRequest, refusal: Refusal, form: Any = None, *, not_found_page: bool = True
) -> None:
    """Show an action's refusal on the page being answered: each message beside the form
    field it names (or at the top of the form, for a field the form lacks), or as a message
    on the next page when there is no form. A 404 refusal is the page's 404, so a page leaks
    no more than the API; `not_found_page=False` shows it like any other refusal (for a page
    whose own lookup already answered 404, where the refusal names a choice on the form)."""
    if refusal.status == 404 and not_found_page:
        raise Http404(refusal.message)
    if form is None:
        for found in refusal.errors.values():
            for message in found:
                messages.error(request, message)
        return
    for field, found in refusal.errors.items():
        form.add_error(field if field and field in form.fields else None, found)
