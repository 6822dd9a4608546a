"""On PostgreSQL, two approved bookings of a room cannot overlap: an exclusion constraint over
the room and the booked period (btree_gist lets a GiST index compare the room's id). The
actions check the same under the room's lock; this holds even for a writer that skips them.
Nothing on SQLite (the check under the lock is enough: SQLite writes one at a time).
If the extension cannot be created (not installed, no right to create it), the constraint is
left out and the lock alone keeps approvals apart."""

from django.db import migrations

CONSTRAINT = (
    "ALTER TABLE activities_booking ADD CONSTRAINT booking_no_overlap "
    "EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at) WITH &&) "
    "WHERE (status = 'approved')"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'btree_gist'")
        if cursor.fetchone() is None:
            return
        cursor.execute("SAVEPOINT booking_gist")
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        except Exception:
            cursor.execute("ROLLBACK TO SAVEPOINT booking_gist")
            return
        cursor.execute("RELEASE SAVEPOINT booking_gist")
        cursor.execute(CONSTRAINT)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("ALTER TABLE activities_booking DROP CONSTRAINT IF EXISTS booking_no_overlap")


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_add_venues_and_bookings")]

    operations = [migrations.RunPython(forwards, backwards)]
