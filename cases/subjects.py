"""How a case is named where another app keeps it (the points history): its number and its
category, the category in the reader's language. A module of its own, free of models, so the
data migration that names older ledger entries builds the same subject as the action."""

from __future__ import annotations

from django.conf import settings

from core.i18n import Deferred, Localized


def case_subject(number: str, name: str, name_en: str) -> Deferred:
    """The case numbered `number` of the category `name` (English `name_en`, may be blank)."""
    category = Localized({settings.LANGUAGE_CODE: name, "en": name_en})
    return Deferred("%(number)s %(category)s", number=number, category=category)
