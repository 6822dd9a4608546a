from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from volunteering.actions import do_flag_stalled_wishes


class Command(BaseCommand):
    help = "Tell staff about micro-wishes nobody claimed, or claimed but not fulfilled, in time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="start the daily self-scheduling task for db_worker",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from volunteering.tasks import schedule_flagging

            scheduled = schedule_flagging(at_once=True)
            self.stdout.write(
                "flagging scheduled; db_worker runs it daily and keeps it going"
                if scheduled
                else "a flagging run is already scheduled"
            )
            return
        n = do_flag_stalled_wishes()
        self.stdout.write(f"{n} micro-wishes flagged.")
