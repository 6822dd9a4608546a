"""What the assessment needs at start-up (from `DashboardConfig.ready`): its audit entries named,
so the audit log reads them in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    from core import audit_labels
    from dashboard.models import ItemKey

    audit_labels.register(
        {
            "dashboard.scheme.save": _("Assessment weights saved"),
            "dashboard.assessment.compute": _("Monthly assessment computed"),
            "dashboard.assessment.recompute": _("Monthly assessment computed again"),
            "dashboard.assessment.review": _("Monthly assessment reviewed"),
            "dashboard.assessment.reopen": _("Monthly assessment reopened"),
            "dashboard.assessment.publish": _("Monthly assessment published"),
            "dashboard.assessment.export": _("Monthly assessment exported"),
            "dashboard.assessment_row.adjust": _("Assessment score adjusted"),
            "dashboard.appeal.submit": _("Assessment appeal submitted"),
            "dashboard.appeal.uphold": _("Assessment appeal upheld"),
            "dashboard.appeal.reject": _("Assessment appeal rejected"),
        }
    )
    # A scheme's entry names each item's weight under the item's own name.
    audit_labels.register_fields("dashboard.assessmentscheme", dict(ItemKey.choices))
    audit_labels.register_choices("dashboard.appeal", "item", dict(ItemKey.choices))
