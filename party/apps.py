from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "party"
    verbose_name = _("Party organisations")
    nav_items = (
        (
            _("Party"),
            "party:index",
            "party.permissions.may_see_party",
        ),
        (_("Star-rated branches"), "party:stars_published", None),
    )
    home_lines = (
        "party.selectors.home_lines",
        "party.joint.selectors.home_lines",
        "party.neworgs.selectors.home_lines",
    )

    def ready(self) -> None:
        from core import audit_labels

        audit_labels.register(
            {
                "party.organisation.create": _("Party organisation set up"),
                "party.organisation.edit": _("Party organisation changed"),
                "party.member.add": _("Party member added"),
                "party.member.edit": _("Party member changed"),
                "party.cross_appointment.add": _("Cross-appointment added"),
                "party.partner_unit.add": _("Partner unit added"),
                "party.partner_unit.edit": _("Partner unit changed"),
                "party.agreement.add": _("Partnership agreement added"),
                "party.agreement.edit": _("Partnership agreement changed"),
                "party.organisation.move": _("Party branch moved to the successor grid"),
                "party.meeting.record": _("Party meeting recorded"),
                "party.meeting.edit": _("Party meeting record corrected"),
                "party.stars.open": _("Star assessment opened"),
                "party.stars.self_assess": _("Star self-assessment scored"),
                "party.stars.submit": _("Star self-assessment submitted"),
                "party.stars.review": _("Star assessment reviewed"),
                "party.stars.return": _("Star assessment returned to the branch"),
                "party.stars.publish": _("Star rating published"),
                "party.commitment.make": _("Commitment made"),
                "party.commitment.progress": _("Commitment progress noted"),
                "party.commitment.fulfil": _("Commitment fulfilled"),
                "party.commitment.fail": _("Commitment not fulfilled"),
                "party.commitment.rate": _("Commitment rated"),
                "party.post.add": _("Party member posted at a service post"),
                "party.post.end": _("Service post ended"),
                "registers.update_servicepost": _("Service post changed by import"),
                "party.joint.create": _("Joint meeting set up"),
                "party.joint.member": _("Member unit added to a joint meeting"),
                "party.joint.task": _("Yearly task listed"),
                "party.joint.task.start": _("Yearly task started"),
                "party.joint.task.done": _("Yearly task done"),
                "party.joint.meeting": _("Joint meeting recorded"),
                "party.joint.follow_up": _("Follow-up of a joint meeting added"),
                "party.joint.follow_up.start": _("Follow-up started"),
                "party.joint.follow_up.done": _("Follow-up done"),
                "party.neworgs.add": _("New economic or social organisation added"),
                "party.neworgs.review": _("Benchmark review recorded"),
                "party.neworgs.item": _("Benchmark review item listed"),
                "party.neworgs.item.start": _("Benchmark review item started"),
                "party.neworgs.item.done": _("Benchmark review item done"),
                "party.neworgs.certify": _("Secretary certified (双强红领)"),
                "party.neworgs.certification_review": _("双强红领 certification reviewed"),
            }
        )

        from areas import panels
        from areas.registers import specs
        from core.signals import grids_succeeded
        from party import receivers
        from party.commitments import workflow as _commitments  # noqa: F401  (its table)
        from party.joint import workflow as _items  # noqa: F401  (the item tables)
        from party.posts import selectors as posts_selectors
        from party.registers import SPECS
        from party.stars import measures  # noqa: F401  (the registry)
        from party.stars import workflow as _stars  # noqa: F401  (its table)

        grids_succeeded.connect(receivers.move_branches, dispatch_uid="party.move_branches")
        panels.set_grid_branches(receivers.grid_branches)
        panels.set_grid_posts(posts_selectors.grid_posts)
        from areas.nearby import kinds

        kinds.register(  # the service circle lists the posts held today
            kinds.Kind(
                "service_post",
                _("Member service posts"),
                posts_selectors.circle_places,
                order=50,
                colour="#d92d20",
            )
        )

        for spec in SPECS:
            specs.register(spec)
