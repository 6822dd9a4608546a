from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")
    nav_items = (
        (_("Report a problem"), "cases:report", None),
        (_("My cases"), "cases:mine", None),
        (_("My tasks"), "cases:tasks", "cases.permissions.has_tasks"),
        (_("Case desk"), "cases:desk", "cases.permissions.is_desk_user"),
    )
    home_lines = ("cases.selectors.home_lines",)

    def ready(self) -> None:
        from cases import stars
        from cases.workflow import ACTION_LABELS

        stars.register_measures()  # party star rating's automatic items
        from core import audit_labels

        audit_labels.register({f"case.{action}": label for action, label in ACTION_LABELS.items()})
        self._name_audit_keys()
        audit_labels.register(
            {
                "case.support": _("“Me too” added to a case"),
                "case.sweep": _("Overdue cases escalated"),
                "case.deny_request": ACTION_LABELS["deny"],
                "cases.export": _("Cases exported"),
                "dispute.open": ACTION_LABELS["open_dispute"],
                "dispute.mediation": ACTION_LABELS["mediation"],
                "dispute.escalate": ACTION_LABELS["escalate_mediation"],
                "dispute.refer_to_court": ACTION_LABELS["refer_to_court"],
                "dispute.agreement": ACTION_LABELS["agreement"],
                "dispute.reveal_personal": _("Dispute parties' phones shown in full"),
            }
        )
        # A reveal records {"revealed": "phone"}: the parties' phones, not a field of the model.
        audit_labels.register_fields("cases.dispute", {"phone": _("parties' phones")})
        from django.db.models.signals import post_migrate

        from cases import signals

        post_migrate.connect(signals.install_rollup_triggers, sender=self)
        from cases.views.report import visit_links
        from fieldwork import links

        links.register(visit_links)  # a case opened from a household visit
        from cases.found_on_patrol import findings, report_url
        from fieldwork.patrols import panels

        panels.set_findings(findings, report_url)  # a patrol's page lists its cases

    @staticmethod
    def _name_audit_keys() -> None:
        """The keys of case and dispute entries that are not fields of their models."""
        from django.utils.translation import pgettext_lazy

        from cases.models import DisputeType, Outcome, RequestKind
        from core import audit_labels

        audit_labels.register_fields(
            "cases.case",
            {
                "note": _("Note"),
                "score": pgettext_lazy("case", "Rating"),
                "request": pgettext_lazy("audit", "Request"),
                "kind": pgettext_lazy("audit", "Request kind"),
                "format": _("File format"),
                "rows": _("Rows"),
                "escalated": _("Cases escalated"),
            },
        )
        audit_labels.register_choices("cases.case", "kind", dict(RequestKind.choices))
        audit_labels.register_fields(
            "cases.dispute",
            {
                "type": _("Type"),
                "outcome": pgettext_lazy("case", "Outcome"),
                "reason": _("Reason"),
            },
        )
        audit_labels.register_choices("cases.dispute", "type", dict(DisputeType.choices))
        audit_labels.register_choices("cases.dispute", "outcome", dict(Outcome.choices))
