"""Categories' responsible departments get an English name; the seeded departments
(cases/seed.py DEPARTMENTS) are filled in."""

from django.db import migrations, models

from cases.seed import fill_english_departments


def fill(apps, schema_editor):
    fill_english_departments(apps.get_model("cases", "Category"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_case_request_lapsed")]

    operations = [
        migrations.AddField(
            model_name="category",
            name="department_en",
            field=models.CharField(
                blank=True, max_length=100, verbose_name="English name of the department"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
