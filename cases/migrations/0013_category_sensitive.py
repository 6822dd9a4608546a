"""Categories about vulnerable people are marked sensitive (kept out of the public Open311
feed and of duplicate suggestions); the seeded ones (cases/seed.py SENSITIVE) are marked."""

from django.db import migrations, models

from cases.seed import mark_sensitive


def mark(apps, schema_editor):
    mark_sensitive(apps.get_model("cases", "Category"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_indexes_where_set")]

    operations = [
        migrations.AddField(
            model_name="category",
            name="sensitive",
            field=models.BooleanField(
                default=False,
                help_text="Kept out of the public Open311 feed and of duplicate suggestions.",
                verbose_name="sensitive",
            ),
        ),
        migrations.RunPython(mark, migrations.RunPython.noop),
    ]
