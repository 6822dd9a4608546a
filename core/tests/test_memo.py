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


def test_a_shared_memo_forgets_what_another_process_cleared(settings: Any) -> None:
    """Clearing bumps the shared tag; a memo in another process (here: another Memo object
    on the same tag) drops its entries when it next looks."""
    settings.LINLI_SHARED_VERSION_SECONDS = 0
    here: Memo[str] = Memo(ttl=600, shared="test-tokens")
    there: Memo[str] = Memo(ttl=600, shared="test-tokens")
    assert there.get("k", lambda: "old row") == "old row"
    assert there.get("k", lambda: "new row") == "old row"  # memoised
    here.clear()
    assert there.get("k", lambda: "new row") == "new row"
