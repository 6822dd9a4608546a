from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "volunteering"
    verbose_name = _("Volunteer services")
    nav_items = (
        (_("Service menu"), "volunteering:menu", "volunteering.permissions.may_order_services"),
        (_("My orders"), "volunteering:my_orders", "volunteering.permissions.may_order_services"),
        (_("Take orders"), "volunteering:open", "volunteering.permissions.may_take_orders"),
        (_("My service hours"), "volunteering:hours", "volunteering.permissions.may_see_hours"),
        (_("Wish wall"), "volunteering:wishes", None),
        (
            _("My wishes and needs"),
            "volunteering:my_posts",
            "volunteering.permissions.may_post_own",
        ),
        (
            _("Community events"),
            "volunteering:events",
            "volunteering.permissions.may_order_services",
        ),
        (_("Party lectures"), "volunteering:lectures", "volunteering.permissions.may_see_lectures"),
        (_("Volunteer services"), "volunteering:staff", "volunteering.permissions.is_any_staff"),
        (_("Two-way claiming"), "volunteering:claims", "volunteering.permissions.may_claim"),
        (
            _("Community consultation"),
            "volunteering:consultation",
            "volunteering.permissions.may_see_consultation",
        ),
    )
    home_lines = (
        "volunteering.selectors.home_lines",
        "volunteering.selectors.claim_home_lines",
        "volunteering.selectors.signed_up_lines",
        "volunteering.selectors.post_lines",
        "volunteering.consultation.selectors.home_lines",
    )

    def ready(self) -> None:
        from core import audit_labels
        from volunteering import stars

        stars.register_measures()  # party star rating's automatic items
        from fieldwork import links
        from volunteering.views.lists import visit_links

        links.register(visit_links)  # a need raised on a household visit
        from volunteering import circle

        circle.register()  # the service menus in the 15-minute service circle
        from activities import links as venue_links
        from volunteering.selectors import held_for

        venue_links.set_held_for(held_for)  # a venue's week links the events held there

        audit_labels.register(
            {
                "volunteering.event.create": _("Community event created"),
                "volunteering.event.update": _("Community event changed"),
                "volunteering.event.cancel": _("Community event cancelled"),
                "volunteering.event.book": _("Room booked for a community event"),
                "volunteering.event.attend": _("Event attendance recorded"),
                "volunteering.event.export": _("Event sign-ups exported"),
                "volunteering.signup.sign_up": _("Signed up for an event"),
                "volunteering.signup.queue": _("Put on an event's waiting list"),
                "volunteering.signup.cancel": _("Event sign-up cancelled"),
                "volunteering.signup.move_up": _("Moved up from an event's waiting list"),
                "volunteering.signup.check_in": _("Checked in at an event"),
                "volunteering.signup.no_show": _("Event no-show counted"),
                "volunteering.lectures.create": _("Party lecture schedule set"),
                "volunteering.in_service.export": _("In-service members exported"),
                "volunteering.need.add": _("Need added"),
                "volunteering.resource.add": _("Resource added"),
                "volunteering.service.add": _("Service added"),
                "volunteering.service.set_active": _("Service switched on or off"),
                "volunteering.talent.set": _("Talent pool entry changed"),
                "volunteering.team.create": _("Team created"),
                "volunteering.team.add_member": _("Team member added"),
                "volunteering.team.remove_member": _("Team member removed"),
                "volunteering.volunteer.register": _("Volunteer registered"),
                "volunteering.volunteer.update": _("Volunteer changed"),
                "volunteering.order.request": _("Service requested"),
                "volunteering.order.publish": _("Order published"),
                "volunteering.order.reject": _("Order request not accepted"),
                "volunteering.order.take": _("Order taken"),
                "volunteering.order.assign": _("Order assigned"),
                "volunteering.order.release": _("Order given back"),
                "volunteering.order.check_in": _("Volunteer checked in"),
                "volunteering.order.check_out": _("Volunteer checked out"),
                "volunteering.order.confirm": _("Service confirmed"),
                "volunteering.order.no_show": _("No-show recorded"),
                "volunteering.order.cancel": _("Order cancelled"),
                "volunteering.project.match": _("Need and resource matched"),
                "volunteering.project.start": _("Project started"),
                "volunteering.project.note": _("Project progress noted"),
                "volunteering.project.complete": _("Project completed"),
                "volunteering.project.cancel": _("Project cancelled"),
                "volunteering.wish.post": _("Wish posted"),
                "volunteering.wish.submit": _("Wish sent for review by a resident"),
                "volunteering.wish.approve": _("Resident's wish published"),
                "volunteering.wish.revise": _("Resident's wish edited and published"),
                "volunteering.wish.decline": _("Resident's wish declined"),
                "volunteering.need.submit": _("Need sent for review by a resident"),
                "volunteering.need.approve": _("Resident's need published"),
                "volunteering.need.revise": _("Resident's need edited and published"),
                "volunteering.need.decline": _("Resident's need declined"),
                "volunteering.wish.flag": _("Wish flagged"),
                "volunteering.wish.claim": _("Wish claimed"),
                "volunteering.wish.release": _("Wish given back"),
                "volunteering.wish.fulfil": _("Wish fulfilled"),
                "volunteering.wish.send_back": _("Wish proof sent back"),
                "volunteering.wish.confirm": _("Wish confirmed"),
                "volunteering.wish.cancel": _("Wish cancelled"),
                "volunteering.claim.claim": _("Need or project claimed"),
                "volunteering.claim.deliver": _("Claim delivery reported"),
                "volunteering.claim.withdraw": _("Claim withdrawn"),
                "volunteering.claim.send_back": _("Claim delivery sent back"),
                "volunteering.claim.rate": _("Claim delivery rated by the community"),
                "volunteering.claim.resident_rate": _("Claim delivery rated by a resident"),
                "volunteering.topic.propose": _("Consultation topic proposed"),
                "volunteering.topic.raise": _("Consultation topic raised"),
                "volunteering.topic.support": _("Consultation topic supported"),
                "volunteering.topic.qualify": _("Consultation topic reached its supports"),
                "volunteering.topic.schedule": _("Consultation topic put on the agenda"),
                "volunteering.topic.open_vote": _("Consultation vote opened"),
                "volunteering.topic.ballot": _("Ballot cast"),
                "volunteering.topic.decide": _("Consultation topic decided"),
                "volunteering.topic.drop": _("Consultation topic not taken up"),
                "volunteering.meeting.plan": _("Consultation meeting planned"),
                "volunteering.meeting.minute": _("Consultation meeting minuted"),
                "volunteering.meeting.publish": _("Consultation record published"),
                "volunteering.meeting.speaker": _("Hearing speaker registered"),
                "volunteering.meeting.statement": _("Hearing statement recorded"),
                "volunteering.topic_follow_up.add": _("Decision follow-up added"),
                "volunteering.topic_follow_up.start": _("Decision follow-up started"),
                "volunteering.topic_follow_up.done": _("Decision follow-up done"),
            }
        )
