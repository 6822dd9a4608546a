"""双向领办 pages: the claimable list with its form, a claim's page with the forms its viewer
may use."""

from __future__ import annotations

import pytest

from volunteering.models import Claim, ClaimStatus
from volunteering.tests.claims import claimed, need, unit_worker

pytestmark = pytest.mark.django_db


def test_it_offers_an_open_need_to_claim_for_the_unit_one_works_at(v, login) -> None:
    n = need(v)
    worker = unit_worker(v)
    client = login(worker)
    body = client.get("/volunteering/claims/").content.decode()
    assert f'data-need="{n.pk}"' in body and f'value="unit:{v.unit.pk}"' in body
    r = client.post(
        f"/volunteering/claims/new/need/{n.pk}/",
        {"claimant": f"unit:{v.unit.pk}", "plan": "周末来修"},
    )
    c = Claim.objects.get(need=n)
    assert r.status_code == 302 and r.url == f"/volunteering/claims/{c.pk}/"
    assert 'id="deliver"' in client.get(r.url).content.decode()


def test_it_shows_a_refusal_and_stores_nothing_without_a_plan(v, login) -> None:
    n = need(v)
    client = login(v.vol2_user)
    r = client.post(
        f"/volunteering/claims/new/need/{n.pk}/",
        {"claimant": f"member:{v.member.pk}", "plan": ""},
        follow=True,
    )
    assert r.status_code == 200 and not Claim.objects.exists()


def test_it_shows_the_staff_the_rating_form_once_delivered(v, login) -> None:
    c = claimed(v)
    client = login(v.staff)
    assert 'id="rate"' not in client.get(f"/volunteering/claims/{c.pk}/").content.decode()
    login(v.vol2_user).post(f"/volunteering/claims/{c.pk}/deliver/", {"report": "修好了"})
    client = login(v.staff)
    assert 'id="rate"' in client.get(f"/volunteering/claims/{c.pk}/").content.decode()
    client.post(f"/volunteering/claims/{c.pk}/rate/", {"score": "5", "comment": "好"})
    c.refresh_from_db()
    assert c.status == ClaimStatus.RATED and c.score == 5


def test_it_hides_a_claim_from_an_outsider(v, login) -> None:
    c = claimed(v)
    r = login(v.world.users["outsider"]).get(f"/volunteering/claims/{c.pk}/")
    assert r.status_code == 404
