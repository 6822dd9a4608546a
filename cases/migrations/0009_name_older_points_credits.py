"""Points credited for a valid case report get a subject that names the case's category in the
reader's language (cases.subjects.case_subject): credits from before the ledger kept subjects,
and those whose stored subject is still the case's number and current category name. A credit
whose case is gone, or whose case has since changed category, keeps what it has."""

from zoneinfo import ZoneInfo

from django.db import migrations

from cases.subjects import case_subject

SHANGHAI = ZoneInfo("Asia/Shanghai")

CHUNK = 500


def name_credits(apps, schema_editor):
    LedgerEntry = apps.get_model("points", "LedgerEntry")
    Case = apps.get_model("cases", "Case")
    # case id -> [(entry id, stored subject)] of the credits without subject data
    unnamed: dict[int, list[tuple[int, str]]] = {}
    rows = LedgerEntry.objects.filter(kind="credit", source="case").values_list(
        "pk", "source_id", "subject", "subject_data"
    )
    for pk, source_id, subject, data in rows.iterator():
        if not data and source_id.isdigit():
            unnamed.setdefault(int(source_id), []).append((pk, subject))
    ids = sorted(unnamed)
    for start in range(0, len(ids), CHUNK):
        cases = Case.objects.filter(pk__in=ids[start : start + CHUNK]).values_list(
            "pk", "reported_at", "category__name", "category__name_en"
        )
        for case_id, reported_at, name, name_en in cases:
            # As Case.number: the day in Asia/Shanghai (the database answers in UTC).
            number = f"{reported_at.astimezone(SHANGHAI):%Y%m%d}-{case_id}"
            text = " ".join(f"{number} {name}".split())[:100]  # as the action stores it
            entries = [pk for pk, subject in unnamed[case_id] if subject in ("", text)]
            if entries:
                # Only the naming columns: amounts and reasons stay as they were written.
                LedgerEntry.objects.filter(pk__in=entries).update(
                    subject=text, subject_data=case_subject(number, name, name_en).data()
                )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_category_department_en"),
        ("points", "0004_entry_subject_data"),
    ]

    operations = [migrations.RunPython(name_credits, migrations.RunPython.noop)]
