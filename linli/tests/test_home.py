from __future__ import annotations

import pytest
from django.urls import reverse

from party.models import OrgLevel, PartyOrganisation

pytestmark = pytest.mark.django_db


def test_it_shows_a_grid_worker_their_grid_and_its_counts(world, login):
    page = login(world.users["grid_worker"]).get(reverse("home"))
    body = page.content.decode()
    assert 'data-panel="grid"' in body and world.east_grid.name in body
    (panel,) = page.context["my_grids"]
    assert (panel["households"], panel["residents"], panel["elderly"]) == (2, 2, 1)


def test_it_shows_staff_their_community(world, login):
    page = login(world.users["community_staff"]).get(reverse("home"))
    assert 'data-panel="staff"' in page.content.decode()
    assert page.context["my_areas"][0]["area"] == world.east


def test_it_shows_a_resident_their_household_with_masked_phones(world, login):
    body = login(world.users["resident"]).get(reverse("home")).content.decode()
    assert 'data-panel="resident"' in body
    assert world.east_households[0].address in body
    assert "139****5001" in body and "13912345001" not in body
    assert 'data-panel="staff"' not in body


def test_it_shows_a_party_secretary_their_organisation(world, login):
    secretary = world.user("party_secretary", world.east, "13700000077", "书记")
    PartyOrganisation.objects.create(
        name="东社区大党委", level=OrgLevel.EXTENDED_COMMITTEE, area=world.east
    )
    body = login(secretary).get(reverse("home")).content.decode()
    assert 'data-panel="party"' in body and "东社区大党委" in body


def test_it_speaks_chinese_by_default_and_english_after_switching(world, client):
    login_page = client.get(reverse("accounts:login")).content.decode()
    assert "登录" in login_page
    client.force_login(world.users["grid_worker"])
    home = client.get(reverse("home")).content.decode()
    assert "我的网格" in home
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    home = client.get(reverse("home")).content.decode()
    assert "My grid" in home and "Households" in home


def test_pages_declare_the_icon_and_favicon_ico_leads_to_it(world, login, client):
    """Browsers fetch an icon with every page; without one each fetch rendered the 404 page
    (queries, and a CSRF cookie set on a request the page did not make)."""
    body = login(world.users["resident"]).get("/").content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in body
    answer = client.get("/favicon.ico")
    assert answer.status_code == 301 and answer["Location"] == "/static/img/favicon.svg"
    assert client.get("/static/img/favicon.svg").status_code == 200
