"""Text the system writes into the database for others to read later (ledger reasons, history
notes, notifications) is in the deployment's language, not in the language of whoever caused the write."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.utils import translation


def stored(message: Any, **params: Any) -> str:
    """`message` (a lazy translation) rendered in settings.LANGUAGE_CODE, formatted with
    `params`."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
        return text % params if params else text


@contextmanager
def site_language() -> Iterator[None]:
    """Inside it, gettext renders in settings.LANGUAGE_CODE: for notifications written in one
    person's session and read by another."""
    with translation.override(settings.LANGUAGE_CODE):
        yield
