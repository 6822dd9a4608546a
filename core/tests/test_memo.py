from typing import Any

from core import memo
from core.memo import Memo


def test_it_keeps_a_value_for_its_lifetime_only(monkeypatch: Any) -> None:
    clock = [100.0]
    monkeypatch.setattr(memo.time, "monotonic", lambda: clock[0])
    loads: list[int] = []

    def load() -> int:
        loads.append(1)
        return len(loads)

    m: Memo[int] = Memo(ttl=10)
    assert m.get("k", load) == 1
    clock[0] += 9
    assert m.get("k", load) == 1
    clock[0] += 2
    assert m.get("k", load) == 2
    m.clear()
    assert m.get("k", load) == 3


def test_it_does_not_keep_a_miss() -> None:
    m: Memo[str] = Memo(ttl=10)
    assert m.get("k", lambda: None) is None
    assert m.get("k", lambda: "new row") == "new row"


def test_a_shared_version_is_reread_only_after_its_interval(
    monkeypatch: Any, settings: Any
) -> None:
    """Another process's bump (a change of the shared cache) is seen once the interval has
    passed; this process's own bump at once."""
    from django.core.cache import cache

    clock = [100.0]
    monkeypatch.setattr(memo.time, "monotonic", lambda: clock[0])
    settings.LINLI_SHARED_VERSION_SECONDS = 1.0
    version = memo.SharedVersion("test:version")
    first = version.get()
    cache.set("test:version", "bumped elsewhere", None)
    clock[0] += 0.5
    assert version.get() == first
    clock[0] += 0.6
    assert version.get() == "bumped elsewhere"
    version.bump()
    assert version.get() not in (first, "bumped elsewhere")
