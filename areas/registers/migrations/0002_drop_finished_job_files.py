"""Finished import jobs no longer keep their uploaded file: empty the ones already stored."""

from typing import Any

from django.db import migrations

FINISHED = ("done", "rejected", "failed")


def drop_files(apps: Any, schema_editor: Any) -> None:
    ImportJob = apps.get_model("registers", "ImportJob")
    ImportJob.objects.filter(status__in=FINISHED).update(content=b"")


class Migration(migrations.Migration):
    dependencies = [("registers", "0001_add_import_job")]

    operations = [migrations.RunPython(drop_files, migrations.RunPython.noop)]
