"""A resident's search key (`areas.search.key_of`), filled for the rows there are, and on
PostgreSQL trigram GIN indexes (pg_trgm) that serve "contains" on it and on the addresses of
households and buildings. Where the extension cannot be created (no rights), the indexes are
left out and the search reads the table: slower, still right."""

from typing import Any

from django.db import migrations, models, transaction

BATCH = 5000
TRIGRAM_INDEXES = (
    ("areas_resident_search_trgm", "areas_resident", "search_key"),
    ("areas_household_address_trgm", "areas_household", "address"),
    ("areas_building_name_trgm", "areas_building", "name"),
    ("areas_building_address_trgm", "areas_building", "address"),
)


def fill_keys(apps: Any, schema_editor: Any) -> None:
    from areas.search import key_of

    Resident = apps.get_model("areas", "Resident")
    rows = Resident.objects.using(schema_editor.connection.alias).order_by("pk")
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last).only("pk", "name", "phone", "id_number")[:BATCH])
        if not batch:
            return
        for r in batch:
            r.search_key = key_of(r.name, r.phone, r.id_number)
        Resident.objects.using(schema_editor.connection.alias).bulk_update(batch, ["search_key"])
        last = batch[-1].pk


def add_trigram_indexes(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        try:
            with transaction.atomic(using=connection.alias):  # a savepoint to fall back to
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # no rights to create it: search without the index
            return
        for name, table, column in TRIGRAM_INDEXES:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
            )


def drop_trigram_indexes(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, _table, _column in TRIGRAM_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0004_service_points"),
    ]

    operations = [
        migrations.AddField(
            model_name="resident",
            name="search_key",
            field=models.CharField(
                blank=True, editable=False, max_length=200, verbose_name="search key"
            ),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(add_trigram_indexes, drop_trigram_indexes),
    ]
