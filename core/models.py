"""The audit log: one append-only row for every action that changes data or reveals it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.timeutil import shown


class AuditEntry(models.Model):
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(
        pgettext_lazy("audit entry", "object id"), max_length=64, blank=True
    )
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    # {"field": [old, new], ...} for changes; free details for other actions.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    # The code of the area the object belongs to, so staff see the log of their own subtree.
    area_code = models.CharField(_("area code"), max_length=32, blank=True, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{shown(self.at)} {self.action} {self.object_repr}"


class Notification(models.Model):
    """One message in a user's in-app inbox; other channels (SMS, webhooks) are sent on commit."""

    # Looked up through (user, read_at); no index of its own.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(pgettext_lazy("notification", "body"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title
