"""`manage.py create_api_key NAME [--user PHONE] [--area CODE]`: prints the new key once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts.models import User
from areas.models import Area
from cases.open311.actions import do_issue_api_key, service_account
from core.refusal import Refusal


class Command(BaseCommand):
    help = "Issue an Open311 API key and print it (only its hash is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="Who the key is for, e.g. the client's name.")
        parser.add_argument(
            "--user", help="Phone of the account reports are made as (default: a new one)."
        )
        parser.add_argument("--area", help="Code of the area the key may report in.")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        name = str(options["name"]).strip()
        area = None
        if options.get("area"):
            area = Area.objects.filter(code=options["area"]).first()
            if area is None:
                raise CommandError(f"No area with code {options['area']}.")
        if options.get("user"):
            user = User.objects.filter(phone=options["user"]).first()
            if user is None:
                raise CommandError(f"No account with phone {options['user']}.")
        else:
            if not name:
                raise CommandError("Give the key a name.")
            user = service_account(name)
        try:
            api_key, key = do_issue_api_key(name=name, user=user, area=area, actor=None)
        except Refusal as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"Open311 API key “{api_key.name}” (reports as {user.name}):")
        self.stdout.write(key)
