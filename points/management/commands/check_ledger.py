from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from points.selectors import check_ledger


class Command(BaseCommand):
    help = "Prove every points balance equals the sum of its ledger entries."

    def handle(self, *args: Any, **options: Any) -> None:
        result = check_ledger()
        self.stdout.write(
            f"{result.users} users, {result.entries} entries, {result.total} points in total"
        )
        for user_id, balance, summed in result.mismatches[:50]:
            self.stdout.write(f"user {user_id}: balance {balance} != entries {summed}")
        if not result.ok:
            raise CommandError(f"{len(result.mismatches)} balances do not match their entries")
        self.stdout.write("ledger ok")
