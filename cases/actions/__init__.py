"""Every write to a case. Each action is atomic, locks the case, checks the transition table
and access, writes the history and audit rows and schedules notifications.

Refusals: `core.refusal`: Invalid (400), Forbidden (403), NotFound (404) and Conflict (409:
illegal transition, or another user acted first).
"""

from cases.actions.approvals import (
    do_decide_request,
    do_request_extension,
    do_request_suspension,
    do_resume_case,
)
from cases.actions.disputes import (
    do_escalate_mediation,
    do_open_dispute,
    do_record_agreement,
    do_record_mediation,
    do_reveal_parties,
    may_reveal_parties,
)
from cases.actions.flow import (
    do_close_case,
    do_dispatch_case,
    do_dispatch_cases,
    do_escalate_case,
    do_hand_over_case,
    do_handle_case,
    do_rate_case,
    do_revisit_case,
    do_start_case,
    do_verify_case,
)
from cases.actions.intake import (
    do_report_case,
    resolve_category,
)
from cases.actions.triage import (
    do_accept_case,
    do_merge_case,
    do_reject_case,
    do_support_case,
    find_duplicates,
)
from cases.sweep import sweep_deadlines

__all__ = [
    "do_accept_case",
    "do_close_case",
    "do_decide_request",
    "do_dispatch_case",
    "do_dispatch_cases",
    "do_escalate_case",
    "do_escalate_mediation",
    "do_hand_over_case",
    "do_handle_case",
    "do_merge_case",
    "do_open_dispute",
    "do_rate_case",
    "do_record_agreement",
    "do_record_mediation",
    "do_reject_case",
    "do_report_case",
    "do_reveal_parties",
    "do_request_extension",
    "do_request_suspension",
    "do_resume_case",
    "do_revisit_case",
    "do_start_case",
    "do_support_case",
    "do_verify_case",
    "find_duplicates",
    "may_reveal_parties",
    "resolve_category",
    "sweep_deadlines",
]
