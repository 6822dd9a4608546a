from __future__ import annotations

from types import SimpleNamespace
from unittest import mock

from core import home


def test_lines_for_keeps_counted_lines_urgent_first() -> None:
    lines = {
        "a.one": lambda user: [
            home.Line("a.zero", "0 things", 0, "/a/"),
            home.Line("a.some", "2 things", 2, "/a/?x=1"),
        ],
        "b.two": lambda user: [home.Line("b.late", "1 late", 1, "/b/", urgent=True)],
    }
    configs = [
        SimpleNamespace(home_lines=("a.one",)),
        SimpleNamespace(),
        SimpleNamespace(home_lines=("b.two",)),
    ]
    with (
        mock.patch.object(home.apps, "get_app_configs", return_value=configs),
        mock.patch.object(home, "_provider", side_effect=lines.__getitem__),
    ):
        found = home.lines_for(object())
    assert [line.key for line in found] == ["b.late", "a.some"]
