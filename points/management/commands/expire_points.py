"""`manage.py expire_points [--on DATE] [--enqueue]`: the annual points expiry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from points.actions import do_expire_points


class Command(BaseCommand):
    help = "Write expiry entries for unspent points whose year has run out (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", type=dt.date.fromisoformat, help="run as of this date")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="start the daily self-scheduling expiry task for db_worker",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from points.tasks import schedule_expiry

            scheduled = schedule_expiry(at_once=True)
            self.stdout.write(
                "expiry scheduled; db_worker runs it daily and keeps it going"
                if scheduled
                else "an expiry run is already scheduled"
            )
            return
        n = do_expire_points(on=options["on"])
        self.stdout.write(f"{n} expiry entries written")
