import pytest

from cases.workflow import (
    ENDED,
    OPEN,
    TRANSITIONS,
    IllegalTransition,
    Status,
    actions_from,
    transition,
)


def test_it_walks_the_closed_loop() -> None:
    status: str = Status.REPORTED
    for action in ("accept", "dispatch", "start", "handle", "verify_pass", "close"):
        status = transition(action, status)
    assert status == Status.CLOSED


def test_it_sends_failed_verification_back_for_rework() -> None:
    assert transition("verify_fail", Status.HANDLED) == Status.IN_PROGRESS


def test_it_reopens_only_closed_cases() -> None:
    assert transition("reopen", Status.CLOSED) == Status.ACCEPTED
    with pytest.raises(IllegalTransition):
        transition("reopen", Status.HANDLED)


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("close", Status.REPORTED),
        ("handle", Status.ACCEPTED),
        ("dispatch", Status.CLOSED),
        ("accept", Status.REJECTED),
        ("verify_pass", Status.IN_PROGRESS),
        ("resume", Status.IN_PROGRESS),
    ],
)
def test_it_refuses_illegal_transitions_with_a_clear_message(action: str, status: str) -> None:
    with pytest.raises(IllegalTransition) as exc:
        transition(action, status)
    assert "“" in str(exc.value) and exc.value.current == status


def test_it_ends_nothing_that_can_still_move_except_reopen() -> None:
    for status in ENDED:
        moves = {a for a in actions_from(status) if TRANSITIONS[a][1] is not None}
        assert moves <= {"reopen"}, (status, moves)


def test_it_keeps_every_target_a_known_status() -> None:
    for sources, target in TRANSITIONS.values():
        assert sources <= set(Status.values)
        assert target is None or target in Status.values
    assert OPEN.isdisjoint(ENDED)
