"""Categories get an English name; the seeded ones (cases/seed.py) are filled in."""

from django.db import migrations, models

from cases.seed import fill_english_names


def fill(apps, schema_editor):
    fill_english_names(apps.get_model("cases", "Category"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_case_indexes_covered")]

    operations = [
        migrations.AddField(
            model_name="category",
            name="name_en",
            field=models.CharField(blank=True, max_length=100, verbose_name="English name"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
