from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from areas.models import Household
from areas.registers.models import ImportJob

from .helpers import HOUSEHOLD_HEADER, audit_count, csv_bytes, household_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def test_it_imports_a_file_from_the_command_line(world, tmp_path, capsys):
    path = tmp_path / "h.xlsx"
    path.write_bytes(xlsx_bytes([HOUSEHOLD_HEADER, *household_rows(4)]))
    call_command(
        "import_registers", str(path), "--register", "households", "--actor", "13700000002"
    )
    assert "4 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert Household.objects.filter(code__startswith="EC1B1H").count() == 6
    call_command("import_registers", str(path), "--register", "households")
    assert "0 created, 0 updated, 4 unchanged" in capsys.readouterr().out
    assert ImportJob.objects.get(actor=None).status == "done"


def test_it_saves_nothing_on_a_dry_run(world, tmp_path, capsys):
    path = tmp_path / "h.csv"
    path.write_bytes(csv_bytes([HOUSEHOLD_HEADER, *household_rows(4)]))
    call_command("import_registers", str(path), "--register", "households", "--dry-run")
    assert "dry run, nothing saved: 4 rows: 4 created" in capsys.readouterr().out
    assert not Household.objects.filter(code="EC1B1H10").exists()
    assert not ImportJob.objects.exists() and audit_count("registers.import") == 0


def test_it_fails_with_the_row_errors_and_imports_nothing(world, tmp_path, capsys):
    rows = household_rows(3)
    rows[2][1] = "WC1B1"
    path = tmp_path / "h.csv"
    path.write_bytes(csv_bytes([HOUSEHOLD_HEADER, *rows]))
    with pytest.raises(CommandError):
        call_command(
            "import_registers", str(path), "--register", "households", "--actor", "13700000002"
        )
    assert "row 4, building_code" in capsys.readouterr().err
    assert not Household.objects.filter(code="EC1B1H10").exists()


def test_it_refuses_a_wrong_file_or_user(world, tmp_path):
    path = tmp_path / "h.csv"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="empty|空"):
        call_command("import_registers", str(path), "--register", "households")
    path.write_bytes(csv_bytes([HOUSEHOLD_HEADER, *household_rows(1)]))
    with pytest.raises(CommandError, match="may not"):
        call_command(
            "import_registers", str(path), "--register", "households", "--actor", "13700000001"
        )
    with pytest.raises(CommandError, match="No user"):
        call_command("import_registers", str(path), "--register", "households", "--actor", "1")
