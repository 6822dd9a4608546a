"""Text that no database column can hold: a NUL character or a lone UTF-16 surrogate.

PostgreSQL refuses both in every text value (SQLite stores them), so such input would fail
deep inside a query with a 500. `unstorable_input(request)` finds it in any part of a request
(path, query string, headers, cookies, form fields, a JSON body after decoding: JSON writes
them as the escapes "\\u0000" and "\\ud800"); `linli.middleware.RefuseUnstorableText` refuses
the request before any view runs. Files read by the registers import are checked there, cell
by cell (`areas.registers.cells.text`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext_lazy as _

MESSAGE = _("Text may not contain a NUL character or a lone UTF-16 surrogate.")

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def unstorable(value: str) -> bool:
    """True if `value` holds a NUL character or a lone surrogate."""
    return _UNSTORABLE.search(value) is not None


def find_unstorable(data: Any, where: str = "") -> str | None:
    """The dotted name of the first string (a key or a value) in decoded JSON `data` that is
    unstorable ("" for the document itself), or None."""
    if isinstance(data, str):
        return where if unstorable(data) else None
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{where}.{key}" if where else str(key)
            if unstorable(str(key)):
                return name
            found = find_unstorable(value, name)
            if found is not None:
                return found
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found = find_unstorable(value, f"{where}.{index}" if where else str(index))
            if found is not None:
                return found
    return None


def _in_pairs(pairs: Any) -> str | None:
    for key, values in pairs:
        for value in [key, *values]:
            if isinstance(value, str) and unstorable(value):
                return str(key)
    return None


def unstorable_input(request: HttpRequest) -> str | None:
    """The input of `request` that holds unstorable text, named as the refusal's field: a
    query or form field's name, a header's or cookie's name, the dotted path of a JSON field,
    "path" for the URL's path; None when all of it can be stored."""
    if unstorable(request.path_info):
        return "path"
    found = _in_pairs(request.GET.lists())
    if found is None:
        found = _in_pairs((name, [value]) for name, value in request.COOKIES.items())
    if found is not None:
        return found
    for key, value in request.META.items():
        if key.startswith("HTTP_") and isinstance(value, str) and unstorable(value):
            return key[5:].replace("_", "-").title()
    content_type = request.content_type or ""
    if content_type.startswith(_FORM_TYPES) and request.method != "GET":
        # Multipart files are not read here: only their field names and the form's fields.
        try:
            return _in_pairs(request.POST.lists())
        except MultiPartParserError:
            return None  # the view answers a broken form as it would have
    if "json" in content_type:
        body = request.body
        # Only an escape ("\u…") or a NUL byte (a NUL itself, or UTF-16/32 text) can decode
        # to unstorable text: other bodies are not decoded twice.
        if b"\\u" in body or b"\x00" in body:
            try:
                data = json.loads(body)
            except ValueError:
                return None  # the endpoint answers a body that is not JSON
            return find_unstorable(data)
    return None
