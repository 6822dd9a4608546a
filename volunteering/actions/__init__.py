"""Every write of volunteering: `do_<verb>_<noun>(..., actor)`, atomic, audited. They raise
a `core.refusal.Refusal` (its `status` an HTTP code) and store nothing when a rule is broken."""

from volunteering.actions.events import (
    do_cancel_event,
    do_create_event,
    do_record_attendance,
    do_update_event,
)
from volunteering.actions.lists import (
    do_add_need,
    do_add_resource,
    do_add_service_item,
    do_advance_project,
    do_match,
    do_set_service_active,
)
from volunteering.actions.orders import (
    do_assign_order,
    do_cancel_order,
    do_check_in,
    do_check_out,
    do_confirm_order,
    do_mark_no_show,
    do_publish_order,
    do_reject_order,
    do_release_order,
    do_request_order,
    do_take_order,
)
from volunteering.actions.people import (
    do_add_team_member,
    do_create_team,
    do_register_volunteer,
    do_remove_team_member,
    do_set_talent,
    do_update_volunteer,
)
from volunteering.actions.wishes import (
    do_cancel_wish,
    do_claim_wish,
    do_confirm_wish,
    do_flag_stalled_wishes,
    do_fulfil_wish,
    do_post_wish,
    do_release_wish,
    do_send_back_wish,
)
from volunteering.workflow import TransitionError

__all__ = [
    "TransitionError",
    "do_add_need",
    "do_add_resource",
    "do_add_service_item",
    "do_add_team_member",
    "do_advance_project",
    "do_assign_order",
    "do_cancel_event",
    "do_cancel_order",
    "do_cancel_wish",
    "do_check_in",
    "do_check_out",
    "do_claim_wish",
    "do_confirm_order",
    "do_confirm_wish",
    "do_create_event",
    "do_create_team",
    "do_flag_stalled_wishes",
    "do_fulfil_wish",
    "do_mark_no_show",
    "do_match",
    "do_post_wish",
    "do_publish_order",
    "do_record_attendance",
    "do_register_volunteer",
    "do_reject_order",
    "do_release_order",
    "do_release_wish",
    "do_remove_team_member",
    "do_request_order",
    "do_send_back_wish",
    "do_set_service_active",
    "do_set_talent",
    "do_take_order",
    "do_update_event",
    "do_update_volunteer",
]
