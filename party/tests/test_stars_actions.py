"""Star rating: scoring (measured and hand items, weights, thresholds → stars), the steps and
who may take each, and the year an assessment counts for."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from core.audit import AuditEntry
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from party.stars import actions, scoring
from party.stars.models import Assessment, AssessmentStatus, Criterion, StarScale
from party.tests.conftest import P
from party.tests.life import at, record
from party.tests.stars import hand_scores, setup, to_step

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture(autouse=True)
def _in_2026() -> object:
    with time_machine.travel(at("2026-12-10T10:00"), tick=False):
        yield


def test_it_scores_a_measured_item_in_proportion_up_to_its_target() -> None:
    assert scoring.automatic_score(20, D(12), D(6)) == D("10.0")
    assert scoring.automatic_score(20, D(12), D(30)) == D("20.0")
    assert scoring.automatic_score(25, D(100), D(0)) == D("0.0")
    assert scoring.automatic_score(15, D(10), D(1)) == D("1.5")


@pytest.mark.parametrize(
    ("percent", "stars"),
    [(100, 5), (90, 5), (89.9, 4), (80, 4), (70, 3), (60, 2), (59.9, 1), (0, 1)],
)
def test_it_gives_stars_by_the_default_thresholds(percent: float, stars: int) -> None:
    assert scoring.stars(D(str(percent)), StarScale().thresholds) == stars


def test_it_gives_stars_by_the_thresholds_the_office_sets(p: P) -> None:
    StarScale.objects.create(five=95, four=85, three=75, two=50)
    assert scoring.stars(D(92), scoring.scale().thresholds) == 4
    assert scoring.stars(D(55), scoring.scale().thresholds) == 2


def test_it_copies_the_criteria_so_later_changes_leave_the_year_as_it_was(p: P) -> None:
    a = to_step(p, "draft")
    assert a.max_points == 100
    assert a.items.count() == 6
    Criterion.objects.filter(measure="").update(points=50, title="改了")
    assert sorted(a.items.filter(measure="").values_list("points", flat=True)) == [10, 15, 15]


def test_it_measures_the_automatic_items_on_submission(p: P) -> None:
    secretary = setup(p)
    # Two of the branch's obligations of 2026 ended: theme days of Jan and Feb; one held.
    record(p, held_on=dt.date(2026, 1, 15), actor=secretary)
    a = actions.do_open_assessment(p.east_branch, year=2026, actor=secretary)
    actions.do_self_assess(a, scores=hand_scores(a, "10"), actor=secretary)
    a = actions.do_submit_assessment(a, actor=secretary)
    life = a.items.get(measure="life_compliance")
    assert life.measured is not None
    assert D(0) < life.measured < D(100)
    assert life.self_score == scoring.automatic_score(25, D(100), life.measured)
    hours = a.items.get(measure="service_hours")
    assert (hours.measured, hours.self_score) == (D(0), D(0))
    assert a.total == D(30) + life.self_score  # three hand items at 10
    assert a.status == AssessmentStatus.SUBMITTED
    assert a.submitted_by == secretary
    assert list(a.steps.values_list("action", flat=True)) == ["submit"]


def test_it_weighs_hand_items_by_their_points_and_refuses_more(p: P) -> None:
    secretary = setup(p)
    a = actions.do_open_assessment(p.east_branch, year=2026, actor=secretary)
    item = a.items.get(points=10)
    with pytest.raises(Invalid) as refused:
        actions.do_self_assess(a, scores={item.pk: (D(11), "照片")}, actor=secretary)
    assert refused.value.field == f"score_{item.pk}"
    auto = a.items.get(measure="life_compliance")
    with pytest.raises(Invalid):
        actions.do_self_assess(a, scores={auto.pk: (D(5), "")}, actor=secretary)


def test_it_refuses_a_submission_without_scores_or_evidence(p: P) -> None:
    secretary = setup(p)
    a = actions.do_open_assessment(p.east_branch, year=2026, actor=secretary)
    with pytest.raises(Invalid) as refused:
        actions.do_submit_assessment(a, actor=secretary)
    assert refused.value.field.startswith("score_")
    actions.do_self_assess(a, scores=hand_scores(a, evidence=""), actor=secretary)
    with pytest.raises(Invalid) as refused:
        actions.do_submit_assessment(a, actor=secretary)
    assert refused.value.field.startswith("evidence_")
    assert Assessment.objects.get().status == AssessmentStatus.DRAFT


def test_it_runs_self_assessment_review_and_publication(p: P) -> None:
    a = to_step(p, "submitted")
    item = a.items.get(points=15, measure="", position=3)
    a = actions.do_review_assessment(
        a, scores={item.pk: D(12)}, note="班子建设材料不全", actor=p.secretary
    )
    assert a.status == AssessmentStatus.REVIEWED
    assert a.items.get(pk=item.pk).score == D(12)
    assert a.total == D(8 + 8 + 12)  # the others kept the branch's 8
    a = actions.do_publish_assessment(a, actor=p.secretary)
    assert (a.status, a.stars) == (AssessmentStatus.PUBLISHED, 1)  # 28 of 100
    assert a.published_at is not None
    assert list(a.steps.values_list("action", flat=True)) == ["submit", "review", "publish"]
    assert AuditEntry.objects.filter(action="party.stars.publish").count() == 1


def test_it_fixes_published_stars_even_when_the_thresholds_change(p: P) -> None:
    a = to_step(p, "published")
    StarScale.objects.create(five=10, four=8, three=6, two=4)
    a.refresh_from_db()
    assert a.stars == 1
    with pytest.raises(Conflict):
        actions.do_return_assessment(a, note="重评", actor=p.secretary)


def test_it_returns_an_assessment_to_the_branch_with_a_note(p: P) -> None:
    a = to_step(p, "reviewed")
    with pytest.raises(Invalid):
        actions.do_return_assessment(a, note=" ", actor=p.secretary)
    a = actions.do_return_assessment(a, note="请补充满意度测评表", actor=p.secretary)
    assert a.status == AssessmentStatus.DRAFT
    assert not a.items.filter(review_score__isnull=False).exists()
    assert not a.items.exclude(measure="").filter(measured__isnull=False).exists()
    assert a.review_note == "请补充满意度测评表"


def test_it_lets_no_secretary_review_their_own_branch(p: P) -> None:
    a = to_step(p, "submitted")
    secretary = a.submitted_by
    with pytest.raises(Forbidden):
        actions.do_review_assessment(a, scores={}, actor=secretary)
    with pytest.raises(Forbidden):
        actions.do_publish_assessment(a, actor=secretary)


def test_it_lets_only_the_level_above_review(p: P) -> None:
    a = to_step(p, "submitted")
    with pytest.raises(NotFound):  # the west cannot see it
        actions.do_review_assessment(a, scores={}, actor=p.world.users["outsider"])
    # The community office reviews too; the subdistrict office, above it, as well.
    actions.do_review_assessment(a, scores={}, actor=p.world.users["community_staff"])
    actions.do_publish_assessment(a, actor=p.world.users["subdistrict_staff"])


def test_it_lets_only_the_branch_assess_itself(p: P) -> None:
    setup(p)
    with pytest.raises(Forbidden):  # the level above reviews, it does not self-assess
        actions.do_open_assessment(p.east_branch, year=2026, actor=p.secretary)
    with pytest.raises(NotFound):
        actions.do_open_assessment(p.east_branch, year=2026, actor=p.world.users["outsider"])
    a = to_step(p, "draft")
    with pytest.raises(Forbidden):
        actions.do_submit_assessment(a, actor=p.world.users["community_staff"])


def test_it_keeps_each_year_and_opens_a_year_once(p: P) -> None:
    a = to_step(p, "published", year=2025)
    secretary = a.submitted_by
    with pytest.raises(Conflict):
        actions.do_open_assessment(p.east_branch, year=2025, actor=secretary)
    actions.do_open_assessment(p.east_branch, year=2026, actor=secretary)
    with pytest.raises(Invalid):
        actions.do_open_assessment(p.east_branch, year=2027, actor=secretary)
    with pytest.raises(Invalid):
        actions.do_open_assessment(p.east_branch, year=2024, actor=secretary)
    assert list(Assessment.objects.order_by("year").values_list("year", "status")) == [
        (2025, "published"),
        (2026, "draft"),
    ]


def test_it_assesses_branches_only(p: P) -> None:
    secretary = setup(p)
    with pytest.raises(Invalid):
        actions.do_open_assessment(p.east_group, year=2026, actor=secretary)
