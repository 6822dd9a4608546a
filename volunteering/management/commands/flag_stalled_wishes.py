from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from volunteering.actions import do_flag_stalled_wishes


class Command(BaseCommand):
    help = "Tell staff about micro-wishes nobody claimed, or claimed but not fulfilled, in time."

    def handle(self, *args: Any, **options: Any) -> None:
        n = do_flag_stalled_wishes()
        self.stdout.write(f"{n} micro-wishes flagged.")
