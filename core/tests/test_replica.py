"""The read replica's router: reads inside `replica.reads()` go to the replica when one is
configured, writes never, and nothing migrates it."""

from __future__ import annotations

from typing import Any

import pytest

from core import replica
from core.replica import Router


@pytest.fixture
def with_replica(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replica, "configured", lambda: True)


def test_it_reads_from_the_default_database_outside_the_block(with_replica: None) -> None:
    assert Router().db_for_read(object) is None


def test_it_reads_from_the_replica_inside_the_block(with_replica: None) -> None:
    with replica.reads() as alias:
        assert alias == "replica"
        assert Router().db_for_read(object) == "replica"
    assert Router().db_for_read(object) is None


def test_it_never_writes_to_the_replica(with_replica: None) -> None:
    with replica.reads():
        assert Router().db_for_write(object) == "default"


def test_it_never_migrates_the_replica() -> None:
    assert Router().allow_migrate("replica", "cases") is False
    assert Router().allow_migrate("default", "cases") is True


def test_it_reads_the_default_database_without_a_replica() -> None:
    with replica.reads() as alias:
        assert alias == "default"
        assert Router().db_for_read(object) is None


def test_it_is_the_configured_router(settings: Any) -> None:
    assert "core.replica.Router" in settings.DATABASE_ROUTERS


def test_it_adds_a_mirrored_replica_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    import linli.settings as module

    monkeypatch.setenv("LINLI_REPLICA_URL", "postgres://reader@replica.example:5432/linli")
    try:
        fresh = importlib.reload(module)
        assert fresh.DATABASES["replica"]["HOST"] == "replica.example"
        assert fresh.DATABASES["replica"]["TEST"] == {"MIRROR": "default"}
    finally:
        monkeypatch.delenv("LINLI_REPLICA_URL")
        importlib.reload(module)
