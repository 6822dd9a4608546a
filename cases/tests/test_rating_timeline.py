"""Rating a closed case is on its timeline (who, when, the stars), on the case page and in
the API; the comment stays on the rating and an anonymous reporter stays hidden."""

from typing import Any

from cases import actions as A
from cases.models import Case
from cases.tests.helpers import jpeg, report


def closed(world: Any, **kw: Any) -> Case:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = A.do_accept_case(report(world, **kw), actor=staff)
    A.do_dispatch_case(case, to=worker, actor=staff)
    A.do_handle_case(case, actor=worker, note="已清理", photos=[jpeg()])
    A.do_verify_case(case, passed=True, actor=staff)
    return A.do_close_case(case, actor=staff)


def _timeline(page: str) -> str:
    return page.split('id="timeline"')[1].split("</ol>")[0]


def test_a_rating_is_on_the_timeline_with_who_and_the_stars(world: Any, login: Any) -> None:
    case = closed(world)
    client = login(world.users["resident"])
    r = client.post(
        f"/api/v1/cases/{case.pk}/rate",
        {"score": 4, "comment": "隔壁老王又乱堆"},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    row = case.transitions.get(action="rate")
    assert (row.actor, row.note, row.from_status, row.to_status) == (
        world.users["resident"],
        "★★★★☆",
        "closed",
        "closed",
    )
    for reader in ("community_staff", "resident"):
        got = login(world.users[reader]).get(f"/api/v1/cases/{case.pk}").json()
        last = got["transitions"][-1]
        assert (last["action"], last["label"], last["actor"], last["note"]) == (
            "rate",
            "已评价",
            "东居民",
            "★★★★☆",
        )
        assert last["at"] and "老王" not in str(got["transitions"])
        timeline = _timeline(login(world.users[reader]).get(f"/cases/{case.pk}/").content.decode())
        assert "已评价" in timeline and "★★★★☆" in timeline and "东居民" in timeline
        assert "老王" not in timeline


def test_a_refused_rating_writes_no_timeline_entry(world: Any, login: Any) -> None:
    case = closed(world)
    staff = login(world.users["community_staff"])
    r = staff.post(f"/api/v1/cases/{case.pk}/rate", {"score": 5}, content_type="application/json")
    assert r.status_code == 403
    assert not case.transitions.filter(action="rate").exists()
    A.do_rate_case(case, score=5, actor=world.users["resident"])
    again = login(world.users["resident"]).post(
        f"/cases/{case.pk}/rate/", {"score": "3"}, follow=True
    )
    assert "您已经评价过此案件。" in again.content.decode()
    assert list(case.transitions.filter(action="rate").values_list("note", flat=True)) == ["★★★★★"]


def test_an_anonymous_reporters_rating_stays_anonymous(world: Any, login: Any) -> None:
    case = closed(world, anonymous=True)
    login(world.users["resident"]).post(f"/cases/{case.pk}/rate/", {"score": "5"})
    for reader in ("community_staff", "grid_worker"):
        client = login(world.users[reader])
        got = client.get(f"/api/v1/cases/{case.pk}").json()["transitions"]
        assert (got[-1]["action"], got[-1]["actor"]) == ("rate", "匿名")
        assert "东居民" not in str(got)
        page = client.get(f"/cases/{case.pk}/").content.decode()
        assert "东居民" not in page and "已评价" in _timeline(page)
    # The stored actor stays for the audit.
    assert case.transitions.get(action="rate").actor == world.users["resident"]


def test_a_low_rating_is_on_the_timeline_before_the_reopening(world: Any) -> None:
    case = closed(world)
    A.do_rate_case(case, score=2, actor=world.users["resident"])
    steps = [(t.action, t.note) for t in case.transitions.order_by("at", "pk")][-2:]
    assert steps[0] == ("rate", "★★☆☆☆") and steps[1][0] == "reopen"
