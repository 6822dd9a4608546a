"""Fast inserts of many plain rows, for generators and imports that produce hundreds of
thousands of rows: one `executemany` per batch, values prepared once per column type
rather than Django's per-object save path (about 3× faster on SQLite here)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connections, models


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    using: str = "default",
    batch_size: int = 5000,
) -> int:
    """INSERT `rows` (tuples in the order of `fields`, attribute names such as `household_id`)
    into `model`'s table. No signals, no returned ids. Returns the number of rows."""
    connection = connections[using]
    meta = model._meta
    columns: list[str] = []
    preparers: list[models.Field[Any, Any] | None] = []
    for name in fields:
        field = next(f for f in meta.concrete_fields if f.attname == name or f.name == name)
        columns.append(connection.ops.quote_name(field.column))
        # Plain text and integers pass through the driver as they are; others go through
        # the field so dates and JSON get the database's own representation.
        plain = isinstance(
            field, models.CharField | models.IntegerField | models.BooleanField | models.ForeignKey
        )
        preparers.append(None if plain else field)
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(meta.db_table),
        ", ".join(columns),
        ", ".join(["%s"] * len(columns)),
    )
    count = 0
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            values = list(row)
            for i, prep in enumerate(preparers):
                if prep is not None:
                    values[i] = prep.get_db_prep_save(values[i], connection)
            batch.append(values)
            if len(batch) >= batch_size:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
