from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from points.actions import do_expire_points


class Command(BaseCommand):
    help = "Write expiry entries for unspent points whose year has run out (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", type=dt.date.fromisoformat, help="run as of this date")
        parser.add_argument("--enqueue", action="store_true", help="run it as a background task")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from points.tasks import expire_points

            result = expire_points.enqueue()
            self.stdout.write(f"queued task {result.id}")
            return
        n = do_expire_points(on=options["on"])
        self.stdout.write(f"{n} expiry entries written")
