"""A grid's page names the party branch built on it (支部建在网格上); it links to the branch
only for those who may open it, so nobody meets a dead link."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.roles import Role
from party.models import BranchKind, OrgLevel, PartyOrganisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def branch(world):
    return PartyOrganisation.objects.create(
        code="E1B1",
        name="东第1网格党支部",
        level=OrgLevel.BRANCH,
        kind=BranchKind.GRID,
        area=world.east_grid,
    )


def workers_section(response) -> str:
    body = response.content.decode()
    return body[body.index('id="workers"') : body.index("</section>", body.index('id="workers"'))]


@pytest.mark.parametrize(
    ("who", "linked"),
    [
        ("grid_worker", False),
        ("building_head", False),
        ("party_secretary", True),
        ("community_staff", True),
        ("subdistrict_staff", True),
    ],
)
def test_it_links_the_branch_only_for_those_who_may_open_it(world, branch, client, who, linked):
    if who == "party_secretary":
        user = world.user(Role.PARTY_SECRETARY, world.east, "13700000021", "东书记")
    elif who == "building_head":
        user = world.user(Role.BUILDING_HEAD, world.east_grid, "13700000022", "楼栋长")
    else:
        user = world.users[who]
    client.force_login(user)
    page = client.get(reverse("areas:area", args=[world.east_grid.code]))
    assert page.status_code == 200
    section = workers_section(page)
    assert branch.name in section
    branch_url = reverse("party:organisation", args=[branch.pk])
    assert (branch_url in section) is linked
    for href in re.findall(r'href="(/[^"]*)"', section):
        assert client.get(href).status_code == 200, href
    assert client.get(branch_url).status_code == (200 if linked else 404)
