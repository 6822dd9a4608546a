from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from areas.models import Area, level_names
from linli import demo


class Command(BaseCommand):
    help = "Load the synthetic demo district (瓯北-shaped: 27 communities, ~78,000 households at scale 1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=float, default=1.0, help="1 = about 78,000 households; 0.01 for tests"
        )
        parser.add_argument("--seed", type=int, default=20221)
        parser.add_argument("--if-empty", action="store_true", help="do nothing if any area exists")

    def handle(self, *args: Any, **options: Any) -> None:
        scale = options["scale"]
        if not 0.001 <= scale <= 20:
            raise CommandError("--scale must be between 0.001 and 20.")
        if level_names()[:4] != ["district", "subdistrict", "community", "grid"]:
            raise CommandError(
                "The demo district is built on the default levels (district, subdistrict, "
                "community, grid); unset LINLI_AREA_LEVELS to load it."
            )
        if Area.objects.exists():
            if options["if_empty"]:
                self.stdout.write(
                    "The database already holds a district; the demo is not loaded again."
                )
                return
            raise CommandError(
                "The database already holds areas; load the demo into an empty database."
            )
        started = time.perf_counter()
        with transaction.atomic():
            demo.generate(scale=scale, seed=options["seed"], verbose=options["verbosity"] >= 1)
        self.stdout.write(
            self.style.SUCCESS(f"Demo district loaded in {time.perf_counter() - started:.1f} s.")
        )
