"""Field work's writes, each a `do_<verb>_<noun>` in a transaction that audits itself."""

from fieldwork.actions.campaigns import do_launch_campaign, do_record_household
from fieldwork.actions.patrols import (
    do_check_in,
    do_end_patrol,
    do_record_track,
    do_start_patrol,
)

__all__ = [
    "do_check_in",
    "do_end_patrol",
    "do_launch_campaign",
    "do_record_household",
    "do_record_track",
    "do_start_patrol",
]
