"""What the bulletins need at start-up (from `DashboardConfig.ready`): their workflow table
registered and their audit entries named."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def ready() -> None:
    from core import audit_labels
    from dashboard.bulletins import workflow  # noqa: F401  (registers the table)

    audit_labels.register(
        {
            "dashboard.bulletin.draft": _("Bulletin drafted"),
            "dashboard.bulletin.edit": _("Bulletin wording changed"),
            "dashboard.bulletin.refresh": _("Bulletin figures generated again"),
            "dashboard.bulletin.pick": _("Typical case chosen for a bulletin"),
            "dashboard.bulletin.drop": _("Typical case taken out of a bulletin"),
            "dashboard.bulletin.publish": _("Bulletin published"),
            "dashboard.bulletin.supersede": _("Bulletin superseded by its correction"),
            "dashboard.bulletin.correct": _("Bulletin correction drafted"),
        }
    )
    # The keys of a pick's or a drop's entry, which are not the bulletin's fields.
    audit_labels.register_fields(
        "dashboard.bulletin",
        {
            "case": pgettext_lazy("bulletin", "typical case"),
            "before": pgettext_lazy("bulletin", "photo before"),
            "after": pgettext_lazy("bulletin", "photo after"),
        },
    )
