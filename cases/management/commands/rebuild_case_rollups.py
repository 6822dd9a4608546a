"""Recount the case figures' roll-ups from the cases, their history and ratings."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cases import rollup


class Command(BaseCommand):
    help = "Recount the case figures' roll-ups (per area and day) from scratch."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        began = time.perf_counter()
        rollup.install(options["database"])
        rollup.rebuild(options["database"])
        self.stdout.write(f"case roll-ups rebuilt in {time.perf_counter() - began:.1f} s")
