"""Codes for organisations, members, partner units and agreements: registers address rows by
code. Existing rows get a code derived from their id, then the column becomes unique."""

from django.db import migrations, models

import party.models

MODELS = {
    "partyorganisation": "O",
    "partymember": "M",
    "partnerunit": "U",
    "partnershipagreement": "A",
}


def fill_codes(apps, schema_editor):
    for name, prefix in MODELS.items():
        model = apps.get_model("party", name)
        rows = list(model.objects.filter(code__isnull=True).only("pk"))
        for row in rows:
            row.code = f"{prefix}{row.pk:06d}"
        model.objects.bulk_update(rows, ["code"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("party", "0001_initial"),
    ]

    operations = [
        *[
            migrations.AddField(
                model_name=name,
                name="code",
                field=models.CharField(max_length=40, null=True, verbose_name="code"),
            )
            for name in MODELS
        ],
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
        *[
            migrations.AlterField(
                model_name=name,
                name="code",
                field=models.CharField(
                    default=party.models.new_code,
                    max_length=40,
                    unique=True,
                    verbose_name="code",
                ),
            )
            for name in MODELS
        ],
    ]
