"""`manage.py sweep_deadlines [--every SECONDS]`: escalate overdue cases (once, or in a loop)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cases.sweep import sweep_deadlines


class Command(BaseCommand):
    help = "Escalate running cases past their deadline by one level and flag them overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=int, default=0, help="repeat every N seconds")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="start the self-scheduling sweep task for db_worker",
        )

    def handle(self, *args: Any, every: int = 0, enqueue: bool = False, **options: Any) -> None:
        if enqueue:
            from cases.tasks import schedule_sweep

            scheduled = schedule_sweep(delay=0)
            self.stdout.write(
                "sweep scheduled; db_worker runs it and keeps it going"
                if scheduled
                else "a sweep is already scheduled (or the sweep is switched off)"
            )
            return
        while True:
            started = time.monotonic()
            n = sweep_deadlines()
            self.stdout.write(f"escalated {n} overdue cases in {time.monotonic() - started:.2f}s")
            if not every:
                return
            time.sleep(every)
