"""Review, adjustment, publication and appeals: the rules and the refusals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import time_machine

from core.models import AuditEntry, Notification
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from dashboard.assessment import actions, selectors
from dashboard.models import Appeal, AssessmentRow, MonthlyAssessment
from dashboard.tests.assessment_month import MONTH, WEIGHTS, at, build


@pytest.fixture
def made(world: Any) -> dict[str, Any]:
    out = build(world)
    actions.do_save_scheme(world.subdistrict, weights=WEIGHTS, actor=world.users["admin"])
    with time_machine.travel(at(4, 2), tick=False):
        out["a"] = actions.do_compute_assessment(
            world.subdistrict, month=MONTH, actor=world.users["subdistrict_staff"]
        )
    out["office"] = world.users["subdistrict_staff"]
    out["row"] = AssessmentRow.objects.get(assessment=out["a"], user=out["w"])
    return out


def _publish(made: dict[str, Any]) -> MonthlyAssessment:
    actions.do_review_assessment(made["a"], actor=made["office"])
    return actions.do_publish_assessment(made["a"], actor=made["office"])


def test_it_needs_a_reason_to_adjust(made: Any) -> None:
    with pytest.raises(Invalid) as refused:
        actions.do_adjust_row(made["row"], points=5, reason=" ", actor=made["office"])
    assert refused.value.field == "reason"
    row = actions.do_adjust_row(made["row"], points=5, reason="协助疫情排查", actor=made["office"])
    assert row.score == Decimal("86.00")
    assert AuditEntry.objects.filter(action="dashboard.assessment_row.adjust").count() == 1


def test_it_keeps_the_score_within_0_and_100(made: Any) -> None:
    with pytest.raises(Invalid):
        actions.do_adjust_row(made["row"], points=25, reason="太多", actor=made["office"])
    row = actions.do_adjust_row(made["row"], points=20, reason="表彰", actor=made["office"])
    assert row.score == Decimal("100.00")


def test_it_keeps_adjustments_when_a_draft_is_computed_again(world: Any, made: Any) -> None:
    actions.do_adjust_row(made["row"], points=-3, reason="迟到", actor=made["office"])
    with time_machine.travel(at(4, 3), tick=False):
        actions.do_compute_assessment(world.subdistrict, month=MONTH, actor=made["office"])
    row = AssessmentRow.objects.get(assessment=made["a"], user=made["w"])
    assert (row.adjustment, row.reason, row.score) == (Decimal(-3), "迟到", Decimal("78.00"))


def test_it_freezes_a_published_assessment(world: Any, made: Any) -> None:
    _publish(made)
    with pytest.raises(Conflict):
        actions.do_adjust_row(made["row"], points=1, reason="晚了", actor=made["office"])
    with time_machine.travel(at(4, 3), tick=False), pytest.raises(Conflict):
        actions.do_compute_assessment(world.subdistrict, month=MONTH, actor=made["office"])
    with pytest.raises(Conflict):
        actions.do_reopen_assessment(made["a"], actor=made["office"])
    assert AssessmentRow.objects.get(pk=made["row"].pk).score == Decimal("81.00")


def test_it_tells_each_worker_when_published(made: Any) -> None:
    _publish(made)
    told = Notification.objects.filter(title__contains="2026-03")
    assert {n.user_id for n in told} == {made["w"].pk, made["o"].pk}


def test_it_refuses_a_community_office_and_a_worker_the_steps(world: Any, made: Any) -> None:
    with pytest.raises(NotFound):  # a draft: they do not see it
        actions.do_review_assessment(made["a"], actor=world.users["community_staff"])
    _publish(made)
    with pytest.raises(Forbidden):
        actions.do_adjust_row(
            made["row"], points=1, reason="x", actor=world.users["community_staff"]
        )
    with pytest.raises(NotFound):
        actions.do_compute_assessment(world.subdistrict, month=MONTH, actor=made["w"])


def test_it_lets_a_worker_see_only_their_own_rows(world: Any, made: Any) -> None:
    assert not selectors.rows(made["w"]).exists()  # a draft
    _publish(made)
    assert list(selectors.rows(made["w"])) == [made["row"]]
    assert selectors.ranked(made["a"], "worker", made["w"]) == [made["row"]]
    community = set(selectors.rows(world.users["community_staff"]))
    assert community == set(AssessmentRow.objects.filter(community=world.east))
    assert selectors.rows(world.users["resident"]).count() == 0


def test_it_ranks_within_the_community_and_the_subdistrict(made: Any) -> None:
    _publish(made)
    ranks = selectors.ranks_of(AssessmentRow.objects.get(pk=made["row"].pk))
    assert ranks == {"rank": 1, "of": 2, "community_rank": 1, "community_of": 1}
    other = AssessmentRow.objects.get(assessment=made["a"], user=made["o"])
    assert selectors.ranks_of(other) == {"rank": 2, "of": 2, "community_rank": 1, "community_of": 1}


def test_it_upholds_an_appeal_in_a_new_version(made: Any) -> None:
    _publish(made)
    appeal = actions.do_submit_appeal(
        made["row"], item="visits", reason="另一户外出打工", actor=made["w"]
    )
    with pytest.raises(Conflict):
        actions.do_submit_appeal(made["row"], item="visits", reason="再次", actor=made["w"])
    second = actions.do_submit_appeal(
        made["row"], item="rating", reason="差评非本人", actor=made["w"]
    )
    with pytest.raises(Invalid) as refused:
        actions.do_decide_appeal(appeal, uphold=True, note="属实", points=0, actor=made["office"])
    assert refused.value.field == "points"
    done = actions.do_decide_appeal(
        appeal, uphold=True, note="核实属实", points=5, actor=made["office"]
    )
    old = AssessmentRow.objects.get(pk=made["row"].pk)
    assert old.score == Decimal("81.00")  # the published row stays
    new = done.new_row
    assert new is not None
    assert (new.version, new.replaces_id, new.score) == (2, old.pk, Decimal("86.00"))
    assert new.reason == "核实属实"
    assert Appeal.objects.get(pk=second.pk).row_id == new.pk  # still waiting, on the new one
    assert list(selectors.mine(made["w"])) == [new]
    assert Notification.objects.filter(user=made["w"]).count() == 2  # published, upheld
    with pytest.raises(Conflict):  # a replaced version is not appealed
        actions.do_submit_appeal(old, item="patrols", reason="x", actor=made["w"])


def test_it_rejects_an_appeal_with_a_reason(made: Any) -> None:
    _publish(made)
    appeal = actions.do_submit_appeal(made["row"], item="patrols", reason="漏记", actor=made["w"])
    with pytest.raises(Invalid):
        actions.do_decide_appeal(appeal, uphold=False, note="", actor=made["office"])
    done = actions.do_decide_appeal(appeal, uphold=False, note="无轨迹记录", actor=made["office"])
    assert done.status == "rejected" and done.new_row_id is None
    with pytest.raises(Conflict):
        actions.do_decide_appeal(done, uphold=False, note="again", actor=made["office"])
    # decided: the same item may be appealed again
    actions.do_submit_appeal(made["row"], item="patrols", reason="补充材料", actor=made["w"])


def test_it_refuses_an_appeal_by_anyone_but_the_worker(world: Any, made: Any) -> None:
    with pytest.raises(NotFound):  # not published yet
        actions.do_submit_appeal(made["row"], item="visits", reason="x", actor=made["w"])
    _publish(made)
    with pytest.raises(NotFound):
        actions.do_submit_appeal(made["row"], item="visits", reason="x", actor=made["o"])
    with pytest.raises(Forbidden):
        actions.do_submit_appeal(made["row"], item="visits", reason="x", actor=made["office"])
    with pytest.raises(Invalid):
        actions.do_submit_appeal(made["row"], item="nothing", reason="x", actor=made["w"])


def test_it_refuses_a_decision_outside_the_office(world: Any, made: Any) -> None:
    _publish(made)
    appeal = actions.do_submit_appeal(made["row"], item="visits", reason="x", actor=made["w"])
    with pytest.raises(NotFound):
        actions.do_decide_appeal(
            appeal, uphold=False, note="no", actor=world.users["community_staff"]
        )
    with pytest.raises(Forbidden):  # sees it, may not decide it
        actions.do_decide_appeal(appeal, uphold=False, note="no", actor=made["w"])


def test_it_refuses_weights_that_do_not_add_up(world: Any) -> None:
    with pytest.raises(Invalid):
        actions.do_save_scheme(
            world.subdistrict, weights={**WEIGHTS, "handled": 30}, actor=world.users["admin"]
        )
    with pytest.raises(NotFound):
        actions.do_save_scheme(
            world.subdistrict, weights=WEIGHTS, actor=world.users["community_staff"]
        )
    two = actions.do_save_scheme(world.subdistrict, weights=WEIGHTS, actor=world.users["admin"])
    three = actions.do_save_scheme(world.subdistrict, weights=WEIGHTS, actor=world.users["admin"])
    assert (two.version, three.version) == (1, 2)


def test_it_computes_the_month_of_the_shanghai_day_at_new_year(world: Any) -> None:
    """At 23:50 on 31 December in Shanghai (15:50 UTC) it is still December there: the
    current month is December, a case handled a minute before counts in it, January is
    refused as not begun."""
    import datetime as dt

    from core.timeutil import SHANGHAI
    from dashboard.tests.assessment_month import _handled

    build(world)
    actions.do_save_scheme(world.subdistrict, weights=WEIGHTS, actor=world.users["admin"])
    office, w = world.users["subdistrict_staff"], world.users["grid_worker"]
    now = dt.datetime(2026, 12, 31, 23, 50, tzinfo=SHANGHAI)
    _handled(world.east_grid, w, due=None, closed=now - dt.timedelta(minutes=1))
    with time_machine.travel(now, tick=False):
        a = actions.do_compute_assessment(
            world.subdistrict, month=dt.date(2026, 12, 31), actor=office
        )
        assert a.month == dt.date(2026, 12, 1)
        with pytest.raises(Invalid):
            actions.do_compute_assessment(
                world.subdistrict, month=dt.date(2027, 1, 1), actor=office
            )
    row = AssessmentRow.objects.get(assessment=a, user=w)
    handled = next(i for i in row.items if i["key"] == "handled")
    assert handled["raw"] == 1
