from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from linli import demo


class Command(BaseCommand):
    help = "Print the demo accounts (one per role) and other demo credentials."

    def handle(self, *args: Any, **options: Any) -> None:
        for line in demo.describe():
            self.stdout.write(line)
