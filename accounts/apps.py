from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")
    nav_items = (
        (
            _("Accounts"),
            "accounts:people",
            "accounts.permissions.may_manage",
        ),
    )

    def ready(self) -> None:
        from accounts import receivers
        from core import audit_labels
        from core.signals import grids_succeeded

        grids_succeeded.connect(receivers.move_postings, dispatch_uid="accounts.move_postings")

        audit_labels.register(
            {
                "accounts.role.grant": _("Role granted"),
                "accounts.role.revoke": _("Role revoked"),
                "accounts.role.move": _("Role moved to the successor grid"),
                "accounts.user.create": _("Account created"),
                "accounts.user.repost": _("Account posted again"),
                "accounts.user.set_password": _("Initial password set"),
                "accounts.user.change_password": _("Password changed"),
            }
        )
