"""Star-rating pages: the home-page lines, the forms (which refuse clearly), the steps' buttons,
what residents see (published ratings only), and which year an assessment counts for around
midnight on New Year's Eve in Asia/Shanghai."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine

from accounts.roles import Role
from party.models import PartyMember
from party.stars import actions
from party.stars.models import Assessment, AssessmentStatus
from party.tests.life import at
from party.tests.stars import setup, to_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with time_machine.travel(at("2026-12-10T10:00"), tick=False):
        yield


def test_it_tells_the_secretary_a_self_assessment_is_due(p, login, clock):
    secretary = setup(p)
    home = login(secretary).get("/").content.decode()
    assert 'data-line="stars-due"' in home
    to_step(p, "submitted")
    home = login(secretary).get("/").content.decode()
    assert 'data-line="stars-due"' not in home


def test_it_tells_the_level_above_what_to_review(p, login, clock):
    to_step(p, "submitted")
    home = login(p.world.users["community_staff"]).get("/").content.decode()
    assert 'data-line="stars-to-review"' in home
    assert (
        'data-line="stars-to-review"'
        not in login(p.world.users["outsider"]).get("/").content.decode()
    )


def test_it_starts_and_saves_a_self_assessment_through_the_pages(p, login, clock):
    secretary = setup(p)
    client = login(secretary)
    answer = client.post(f"/party/org/{p.east_branch.pk}/stars/open/", {"year": "2026"})
    a = Assessment.objects.get()
    assert answer.url == f"/party/stars/{a.pk}/self/"
    page = client.get(answer.url)
    assert page.status_code == 200
    hand = list(a.items.filter(measure=""))
    data = {f"score_{i.pk}": "9" for i in hand} | {f"evidence_{i.pk}": "照片" for i in hand}
    data[f"score_{hand[0].pk}"] = "99"
    refused = client.post(answer.url, data)
    assert refused.status_code == 200
    assert "errorlist" in refused.content.decode()
    data[f"score_{hand[0].pk}"] = "9"
    data[f"evidence_{hand[1].pk}"] = ""
    refused = client.post(answer.url, {**data, "submit": "1"})
    assert refused.status_code == 200  # shown on the form: evidence missing
    assert Assessment.objects.get().status == AssessmentStatus.DRAFT
    data[f"evidence_{hand[1].pk}"] = "测评表"
    done = client.post(answer.url, {**data, "submit": "1"})
    assert done.status_code == 302
    assert Assessment.objects.get().status == AssessmentStatus.SUBMITTED


def test_it_reviews_and_publishes_through_the_pages(p, login, clock):
    a = to_step(p, "submitted")
    client = login(p.secretary)
    detail = client.get(f"/party/stars/{a.pk}/").content.decode()
    assert f"/party/stars/{a.pk}/review/" in detail
    hand = list(a.items.filter(measure=""))
    client.post(
        f"/party/stars/{a.pk}/review/",
        {f"score_{i.pk}": "15" if i.points >= 15 else "10" for i in hand},
    )
    assert Assessment.objects.get().status == AssessmentStatus.REVIEWED
    client.post(f"/party/stars/{a.pk}/publish/")
    a.refresh_from_db()
    assert a.status == AssessmentStatus.PUBLISHED
    org_page = client.get(f"/party/org/{p.east_branch.pk}/").content.decode()
    assert f'data-stars="{a.stars}"' in org_page


def test_it_offers_the_secretary_no_review_of_their_own_branch(p, login, clock):
    a = to_step(p, "submitted")
    client = login(a.submitted_by)
    assert client.get(f"/party/stars/{a.pk}/review/").status_code == 404
    client.post(f"/party/stars/{a.pk}/publish/")
    assert Assessment.objects.get().status == AssessmentStatus.SUBMITTED


def test_it_shows_residents_published_ratings_only(p, login, clock):
    published = to_step(p, "published", year=2025)
    current = actions.do_open_assessment(p.east_branch, year=2026, actor=published.submitted_by)
    client = login(p.world.users["resident"])
    page = client.get("/party/stars/published/").content.decode()
    assert p.east_branch.name in page
    assert f'data-stars="{published.stars}"' in page
    assert client.get(f"/party/stars/{published.pk}/").status_code == 200
    assert client.get(f"/party/stars/{current.pk}/").status_code == 404
    assert client.get("/party/stars/").status_code == 404


def _confirmed_hours(p, when: str) -> None:
    from volunteering.models import Order, OrderStatus, Volunteer

    volunteer = Volunteer.objects.create(
        community=p.world.east, name=p.member.name, party_member=p.member
    )
    Order.objects.create(
        community=p.world.east,
        requester=p.world.users["resident"],
        title="陪诊",
        status=OrderStatus.CONFIRMED,
        taker=volunteer,
        hours=Decimal(6),
        confirmed_at=at(when),
    )


@pytest.mark.parametrize(
    ("confirmed", "year"),
    [("2026-12-31T23:30", 2026), ("2027-01-01T00:10", 2027)],
)
def test_it_counts_service_hours_in_the_local_year(p, confirmed, year):
    # 00:10 on 1 January in Shanghai is still 31 December in UTC: it counts for 2027.
    _confirmed_hours(p, confirmed)
    with time_machine.travel(at("2027-01-01T00:50"), tick=False):
        secretary = setup(p)
        a = actions.do_open_assessment(p.east_branch, year=2026, actor=secretary)
        hand = {i.pk: (Decimal(5), "材料") for i in a.items.filter(measure="")}
        actions.do_self_assess(a, scores=hand, actor=secretary)
        a = actions.do_submit_assessment(a, actor=secretary)
    members = PartyMember.objects.filter(organisation=p.east_branch).count()
    hours = a.items.get(measure="service_hours").measured
    assert hours == (Decimal(6) / members if year == 2026 else Decimal(0)).quantize(Decimal("0.01"))


def test_it_opens_this_years_assessment_until_midnight_on_new_years_eve(p, login):
    secretary = setup(p)
    with time_machine.travel(at("2026-12-31T23:50"), tick=False):
        login(secretary).post(f"/party/org/{p.east_branch.pk}/stars/open/", {"year": "2027"})
        assert not Assessment.objects.exists()  # not yet 2027 in Shanghai
        home = login(secretary).get("/").content.decode()
        assert 'data-line="stars-due"' in home
        actions.do_open_assessment(p.east_branch, year=2026, actor=secretary)
        home = login(secretary).get("/").content.decode()
        assert 'data-line="stars-due"' in home  # 2026 opened, not submitted
    with time_machine.travel(at("2027-01-01T00:10"), tick=False):
        a = actions.do_open_assessment(p.east_branch, year=2027, actor=secretary)
        assert a.year == 2027
        assert [x.year for x in Assessment.objects.order_by("year")] == [2026, 2027]


def test_it_refuses_a_grid_worker_the_star_pages(p, login, clock):
    worker = p.world.user(Role.GRID_WORKER, p.world.east_grid, "13700000077")
    assert login(worker).get("/party/stars/").status_code == 404
    assert login(worker).get("/party/stars/published/").status_code == 200
