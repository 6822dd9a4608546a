from typing import Any

import pytest
from django.utils import translation

from cases.actions._base import lock
from cases.models import Case, Supporter
from cases.tests.helpers import EAST, report
from cases.workflow import Status
from core.refusal import NotFound

NEAR = (EAST[0] + 0.0003, EAST[1])  # ~30 m away


def _pair(world: Any) -> tuple[Case, Case]:
    target = report(world)
    neighbour = world.user("resident", world.east_grid, "13700000066", "邻居")
    return target, report(world, at=NEAR, actor=neighbour, description="垃圾没人收")


def _merge(client: Any, dup: Case, **form: str) -> str:
    """Post the merge form as a browser sends it (the list choice and the typed box)."""
    data = {"into_typed": ""} | form
    r = client.post(f"/cases/{dup.pk}/merge/", data, follow=True)
    assert r.status_code == 200
    return r.content.decode()


def test_it_merges_into_the_duplicate_chosen_on_the_page(world: Any, login: Any) -> None:
    target, dup = _pair(world)
    client = login(world.users["community_staff"])
    page = client.get(f"/cases/{dup.pk}/").content.decode()
    # The typed box has its own name: it no longer hides the chosen duplicate.
    assert f'name="into" value="{target.pk}"' in page and page.count('name="into"') == 1
    _merge(client, dup, into=str(target.pk))
    dup.refresh_from_db()
    assert dup.status == Status.MERGED and dup.merged_into_id == target.pk
    assert Supporter.objects.filter(case=target, user=dup.reporter, from_merge=True).exists()


@pytest.mark.parametrize("typed", ["number", "id"])
def test_it_merges_into_a_case_typed_by_number_or_id(world: Any, login: Any, typed: str) -> None:
    target, dup = _pair(world)
    value = target.number if typed == "number" else f" {target.pk} "
    _merge(login(world.users["community_staff"]), dup, into_typed=value)
    dup.refresh_from_db()
    assert dup.status == Status.MERGED and dup.merged_into_id == target.pk


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({}, "请选择要合并到的案件。"),
        ({"into_typed": "20200101-999999"}, "没有这个案件。"),
        ({"into_typed": "999999"}, "没有这个案件。"),
        ({"into_typed": "合并"}, "没有这个案件。"),
    ],
)
def test_it_refuses_a_missing_or_unknown_target_in_chinese(
    world: Any, login: Any, form: dict[str, str], message: str
) -> None:
    _target, dup = _pair(world)
    page = _merge(login(world.users["community_staff"]), dup, **form)
    assert message in page
    dup.refresh_from_db()
    assert dup.status == Status.REPORTED and dup.merged_into_id is None


def test_it_says_no_such_case_in_the_readers_language(db: Any) -> None:
    for language, text in (("zh-hans", "没有这个案件。"), ("en", "No such case.")):
        with translation.override(language), pytest.raises(NotFound) as caught:
            lock(999_999)
        assert caught.value.message == text


def test_the_api_merges_a_duplicate_for_the_desk_only(world: Any, login: Any) -> None:
    target, dup = _pair(world)
    url = f"/api/v1/cases/{dup.pk}/merge"
    for user in ("resident", "outsider"):
        r = login(world.users[user]).post(url, {"into": target.pk}, content_type="application/json")
        assert r.status_code == 404, r.content
    client = login(world.users["community_staff"])
    for into, code in ((dup.pk, 400), (999_999, 404), ("1", 422)):
        r = client.post(url, {"into": into}, content_type="application/json")
        assert r.status_code == code, r.content
    dup.refresh_from_db()
    assert dup.status == Status.REPORTED
    r = client.post(url, {"into": target.pk, "note": "同一处"}, content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "merged" and r.json()["merged_into"] == target.pk
    assert r.json()["transitions"][-1]["action"] == "merge"
    r = client.post(url, {"into": target.pk}, content_type="application/json")
    assert r.status_code == 409


def test_a_plain_case_is_not_merged_into_a_dispute(world: Any, login: Any) -> None:
    """Its reporter would follow the dispute and see its parties: refused on the page (typed
    by number) and in the API as a conflict, and nothing changes."""
    feud = report(world, code="Z0101", description="楼上漏水邻里争执")
    neighbour = world.user("resident", world.east_grid, "13700000067", "邻居")
    plain = report(world, at=NEAR, actor=neighbour, description="楼道堆物")
    client = login(world.users["community_staff"])
    page = _merge(client, plain, into_typed=feud.number)
    assert "只有矛盾纠纷类案件才能合并到矛盾纠纷中。" in page
    r = client.post(
        f"/api/v1/cases/{plain.pk}/merge", {"into": feud.pk}, content_type="application/json"
    )
    assert r.status_code == 409 and r.json()["field"] == "into"
    plain.refresh_from_db()
    assert plain.status == Status.REPORTED and plain.merged_into_id is None
    assert not Supporter.objects.filter(case=feud).exists()
    assert not plain.transitions.filter(action="merge").exists()


def test_a_dispute_is_merged_into_the_same_dispute(world: Any, login: Any) -> None:
    """Both parties reporting the same feud: the second report joins the first."""
    feud = report(world, code="Z0101", description="楼上漏水邻里争执")
    neighbour = world.user("resident", world.east_grid, "13700000067", "楼上")
    other = report(world, code="Z0101", at=NEAR, actor=neighbour, description="楼下说我漏水")
    _merge(login(world.users["community_staff"]), other, into_typed=feud.number)
    other.refresh_from_db()
    assert other.status == Status.MERGED and other.merged_into_id == feud.pk
    assert Supporter.objects.filter(case=feud, user=neighbour, from_merge=True).exists()
