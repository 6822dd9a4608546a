"""Text the system writes into the database for others to read later (ledger reasons, history
notes) is in the deployment's language, not in the language of whoever caused the write."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation


def stored(message: Any, **params: Any) -> str:
    """`message` (a lazy translation) rendered in settings.LANGUAGE_CODE, formatted with
    `params`."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
        return text % params if params else text
