"""Points credited for volunteering before the ledger kept subjects get one: the title of the
order, wish or event they were credited for (titles are content: as entered). A credit whose
source row is gone keeps no subject and shows its activity alone."""

from django.db import migrations

# ledger source -> the model it names (volunteering.actions: award, award_attendance)
SOURCES = {
    "volunteering.order": "Order",
    "volunteering.wish": "MicroWish",
    "volunteering.event": "CommunityEvent",
}
CHUNK = 500


def name_credits(apps, schema_editor):
    LedgerEntry = apps.get_model("points", "LedgerEntry")
    for source, model_name in SOURCES.items():
        unnamed = LedgerEntry.objects.filter(kind="credit", source=source, subject="")
        ids = {int(i) for i in unnamed.values_list("source_id", flat=True) if i.isdigit()}
        if not ids:
            continue
        Model = apps.get_model("volunteering", model_name)
        ordered = sorted(ids)
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            for pk, title in Model.objects.filter(pk__in=chunk).values_list("pk", "title"):
                subject = " ".join(title.split())[:100]  # as points.do_award_points keeps it
                if subject:
                    # Only the naming column: amounts and reasons stay as they were written.
                    unnamed.filter(source_id=str(pk)).update(subject=subject)


class Migration(migrations.Migration):
    dependencies = [
        ("volunteering", "0003_event_cancellation"),
        ("points", "0004_entry_subject_data"),
    ]

    operations = [migrations.RunPython(name_credits, migrations.RunPython.noop)]
