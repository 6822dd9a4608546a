"""Import a register file from the command line, with a progress bar.

    manage.py import_registers FILE --register households [--dry-run] [--actor PHONE]

The same checks as the web import: every row is validated first and a file with any bad
row imports nothing. --actor applies that user's area access; without it the system imports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from tqdm import tqdm

from accounts.models import User
from areas.registers.actions import do_import_register
from areas.registers.engine import rendered
from areas.registers.reader import FileError
from areas.registers.workflow import JobStatus
from core.refusal import Forbidden


class DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Import a register (XLSX or CSV): all rows or, if any row is bad, none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        from areas.registers import specs

        parser.add_argument("--register", required=True, choices=specs.keys())
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, then roll everything back"
        )
        parser.add_argument("--actor", help="phone number of the user whose access applies")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        actor = None
        if options["actor"]:
            actor = User.objects.filter(phone=options["actor"]).first()
            if actor is None:
                raise CommandError(f"No user with phone {options['actor']}")
        bar = tqdm(desc="rows checked", unit=" rows", disable=options["verbosity"] < 1)

        def progress(count: int) -> None:
            bar.update(count - bar.n)

        try:
            with transaction.atomic():
                job = do_import_register(
                    options["register"],
                    filename=path.name,
                    content=path.read_bytes(),
                    actor=actor,
                    background=False,
                    progress=progress,
                )
                if options["dry_run"]:
                    raise DryRun
        except DryRun:
            pass
        except FileError as exc:
            raise CommandError(str(exc)) from exc
        except Forbidden as exc:
            raise CommandError("This user may not import registers.") from exc
        finally:
            bar.close()
        for error in rendered(job.errors):
            self.stderr.write(f"row {error['row']}, {error['column']}: {error['message']}")
        if job.status != JobStatus.DONE:
            raise CommandError(job.message_text or str(job.get_status_display()))
        prefix = "dry run, nothing saved: " if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}{job.total} rows: {job.created_count} created, "
            f"{job.updated_count} updated, {job.unchanged_count} unchanged"
        )
