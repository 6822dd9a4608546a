"""Signals of our own.

`rows_written` is sent (sender: the model class) after a bulk write that bypasses
`Model.save()` — `bulk_create`, `bulk_update`, `QuerySet.update` — so caches built from
those rows can follow them as they do `post_save`.
"""

from __future__ import annotations

from django.dispatch import Signal

rows_written = Signal()
