"""Seed the starting category tree (see cases/seed.py); editable in the admin afterwards."""

from django.db import migrations

from cases.seed import seed_categories


def seed(apps, schema_editor):
    seed_categories(apps.get_model("cases", "Category"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_case_loop")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
