"""core.liveness: a token's lock is held while its block runs, seen from any connection."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from core import liveness


def test_it_holds_a_token_only_while_its_block_runs(db):
    with liveness.alive() as token:
        assert liveness.lives(token)
        with liveness.alive() as other:
            assert other != token and liveness.lives(other)
    assert not liveness.lives(token) and not liveness.lives(other)


@pytest.mark.django_db(transaction=True)
def test_another_connection_sees_the_lock(settings):
    held, done = threading.Event(), threading.Event()
    tokens: list[int] = []

    def hold() -> None:
        try:
            with liveness.alive() as token:
                tokens.append(token)
                held.set()
                done.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert held.wait(30)
    assert liveness.lives(tokens[0])
    done.set()
    thread.join()
    assert not liveness.lives(tokens[0])
