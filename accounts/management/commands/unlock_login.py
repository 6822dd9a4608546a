"""Lift the wait after failed logins from an account, at the server:

    manage.py unlock_login 13800000001

For an account no office may unlock (the only administrator's); offices use the account's
page or POST /api/v1/accounts/people/{id}/unlock-login. Audited, with no actor.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.actions import do_unlock_login_at_the_server
from accounts.models import User


class Command(BaseCommand):
    help = "Lift the wait after failed logins from the account with this phone number."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("phone")

    def handle(self, *args: Any, phone: str, **options: Any) -> None:
        user = User.objects.filter(phone=phone.strip()).first()
        if user is None:
            raise CommandError(f"No account with the phone number {phone}.")
        if do_unlock_login_at_the_server(user):
            self.stdout.write(f"{user}: unlocked; it may log in at once.")
        else:
            self.stdout.write(f"{user}: no failed logins to lift.")
