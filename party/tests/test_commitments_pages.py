"""Commitment pages: the list (a member's own, a resident's area, nothing of another area),
a commitment with the forms its viewer may use, an organisation's figures, the forms (they
validate and refuse; a refused form stores nothing) and the home page's lines."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from party.commitments import actions
from party.commitments.models import Commitment, CommitmentRating, CommitmentStatus
from party.tests.commitments import make, member_user, resident_user
from party.tests.life import at, branch_secretary

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(at("2026-03-20T10:00"), tick=False):
        yield


def signed_in(user) -> Client:
    """A client of its own, for a test that goes back and forth between two people."""
    client = Client()
    client.force_login(user)
    return client


def form(p, **change):
    data = {"text": "每月为独居老人理发", "area": p.world.east_grid.pk, "deadline": "2026-06-30"}
    return {k: v for k, v in {**data, **change}.items() if v is not None}


def test_it_lets_a_member_make_a_commitment_through_the_form(p, login):
    client = login(member_user(p))
    assert "每月为独居老人理发" not in client.get("/party/commitments/").content.decode()
    response = client.post("/party/commitments/add/", form(p))
    assert response.status_code == 302
    c = Commitment.objects.get()
    assert (c.member, c.area, c.deadline) == (p.member, p.world.east_grid, dt.date(2026, 6, 30))
    page = client.get("/party/commitments/").content.decode()
    assert f'data-commitment="{c.pk}"' in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"deadline": "2026-03-01"}, "截止日期不能早于今天"),
        ({"text": ""}, "此项必填"),
        ({"area": 999999}, "选择一个有效的选项"),
    ],
)
def test_it_refuses_a_bad_form_and_stores_nothing(p, login, change, message):
    client = login(member_user(p))
    page = client.post("/party/commitments/add/", form(p, **change)).content.decode()
    assert message in page
    assert not Commitment.objects.exists()


def test_it_offers_the_make_form_only_to_members_and_editors(p, login):
    assert login(p.world.users["resident"]).get("/party/commitments/add/").status_code == 404
    outsider = login(p.world.users["outsider"])
    assert outsider.get(f"/party/org/{p.east_branch.pk}/commitments/add/").status_code == 404
    secretary = login(branch_secretary(p))
    assert secretary.get(f"/party/org/{p.east_branch.pk}/commitments/add/").status_code == 200
    response = secretary.post(
        f"/party/org/{p.east_branch.pk}/commitments/add/", form(p, member=p.retired.pk)
    )
    assert response.status_code == 302
    assert Commitment.objects.get().member == p.retired


def test_it_shows_the_keeper_the_forms_and_the_resident_the_rating(p):
    member = member_user(p)
    c = make(p)
    url = f"/party/commitments/{c.pk}/"
    keeper = signed_in(member)
    page = keeper.get(url).content.decode()
    assert 'id="keep"' in page and 'id="rate"' not in page
    resident = signed_in(p.world.users["resident"])
    page = resident.get(url).content.decode()
    assert 'id="keep"' not in page and 'id="rate"' not in page
    assert "期限已过" in page  # rated once closed or past the deadline
    assert resident.post(url + "progress/", {"note": "x"}).status_code == 404
    keeper.post(url + "progress/", {"note": "已理发5人"})
    refused = keeper.post(url + "fail/", {"reason": ""}).content.decode()
    assert "此项必填" in refused
    keeper.post(url + "fulfil/", {"note": ""})
    c.refresh_from_db()
    assert c.status == CommitmentStatus.FULFILLED
    page = resident.get(url).content.decode()
    assert 'id="rate"' in page
    assert resident.post(url + "rate/", {"stars": "4", "comment": "好"}).status_code == 302
    again = resident.post(url + "rate/", {"stars": "5"}).content.decode()
    assert "已经评价" in again
    assert CommitmentRating.objects.get().stars == 4
    assert "data-my-rating" in resident.get(url).content.decode()


def test_it_hides_a_commitment_from_another_areas_resident(p, login):
    member_user(p)
    c = make(p)
    west = login(resident_user(p.world.west_households[0], "13600000002"))
    assert west.get(f"/party/commitments/{c.pk}/").status_code == 404
    assert f'data-commitment="{c.pk}"' not in west.get("/party/commitments/").content.decode()
    east = login(p.world.users["resident"])
    assert f'data-commitment="{c.pk}"' in east.get("/party/commitments/").content.decode()


def test_it_shows_an_organisations_figures_and_those_below(p, login):
    member = member_user(p)
    actions.do_fulfil_commitment(make(p), actor=member)
    make(p)
    page = login(p.secretary).get(f"/party/org/{p.east.pk}/commitments/?year=2026")
    text = page.content.decode()
    assert 'data-figure="made">0<' in text
    assert f'data-org="{p.east_branch.code}"' in text and "50%" in text
    branch = login(p.secretary).get(f"/party/org/{p.east_branch.pk}/commitments/").content.decode()
    assert 'data-figure="made">2<' in branch and 'data-figure="share">50%<' in branch
    assert (
        login(p.world.users["outsider"])
        .get(f"/party/org/{p.east_branch.pk}/commitments/")
        .status_code
        == 404
    )


def test_it_puts_the_lines_on_the_home_pages(p, login):
    member = member_user(p)
    secretary = branch_secretary(p)
    make(p, deadline=dt.date(2026, 4, 1))
    make(p, deadline=dt.date(2026, 3, 25), member=None, actor=secretary)
    assert 'data-line="commitments-due"' in login(member).get("/").content.decode()
    assert (
        'data-line="commitments-here"' in login(p.world.users["resident"]).get("/").content.decode()
    )
    with time_machine.travel(at("2026-03-26T09:00"), tick=False):
        page = login(secretary).get("/").content.decode()
    assert 'data-line="commitments-overdue"' in page


def test_it_speaks_chinese_on_every_commitment_page(p):
    from tests.i18n import english_words, visible_text

    member = member_user(p)
    c = make(p)
    actions.do_add_progress(c, note="进展", actor=member)
    for user, url in [
        (member, "/party/commitments/"),
        (member, f"/party/commitments/{c.pk}/"),
        (member, "/party/commitments/add/"),
        (p.secretary, f"/party/org/{p.east.pk}/commitments/"),
        (p.secretary, f"/party/org/{p.east_branch.pk}/commitments/add/"),
        (p.world.users["resident"], f"/party/commitments/{c.pk}/"),
    ]:
        response = signed_in(user).get(url)
        assert response.status_code == 200, url
        assert english_words(visible_text(response)) == set(), url
