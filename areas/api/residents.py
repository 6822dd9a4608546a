"""A resident's full phone and ID number, for those who may see them; audited."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Status

from areas import actions, selectors
from areas.api import router
from areas.api.schemas import ERRORS, RevealOut


@router.post(
    "/residents/{code}/reveal",
    response={200: RevealOut, **ERRORS},
    summary="Reveal a resident's numbers (audited)",
    operation_id="areas_api_reveal_resident",
)
def reveal_resident(request: HttpRequest, code: str) -> Any:
    """Full phone and ID number, for roles with `reveal_personal`; each call is audited."""
    try:
        r = selectors.get_resident(request.user, code)
    except Http404:
        return Status(404, {"detail": _("No such resident.")})
    return {"code": r.code, **actions.do_reveal_personal(r, actor=request.user)}
