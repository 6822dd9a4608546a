"""定岗网格: a grid's page shows its posted workers with name, duty and phone; the phone in
full only to roles that may see personal numbers on the grid."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import RoleAssignment
from accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def posted(world):
    head = world.user(Role.GRID_HEAD, world.east_grid, "13811112222", "王网格长")
    RoleAssignment.objects.filter(user=head).update(duty="安全巡查、矛盾调解")
    part_timer = world.user(Role.GRID_WORKER_PART, world.east_grid, "13833334444", "李兼职")
    return head, part_timer


def _workers(client, world):
    response = client.get(reverse("areas:area", args=[world.east_grid.code]))
    assert response.status_code == 200
    body = response.content.decode()
    return body[body.index('id="workers"') : body.index("</section>", body.index('id="workers"'))]


def test_it_shows_each_posted_worker_with_name_duty_and_phone(world, login, posted):
    section = _workers(login(world.users["community_staff"]), world)
    assert "王网格长" in section and "安全巡查、矛盾调解" in section
    assert 'href="tel:13811112222"' in section and "13833334444" in section
    assert "东网格员" in section
    # Grid head first.
    assert section.index("王网格长") < section.index("东网格员")


def test_it_names_the_role_once_when_the_duty_only_repeats_it(world, login, posted):
    _head, part_timer = posted
    RoleAssignment.objects.filter(user=part_timer).update(duty="兼职网格员")
    section = _workers(login(world.users["community_staff"]), world)
    assert section.count("兼职网格员") == 1


def test_it_masks_worker_phones_for_roles_without_personal_numbers(world, login, posted):
    _head, part_timer = posted
    section = _workers(login(part_timer), world)
    assert "王网格长" in section and "安全巡查、矛盾调解" in section
    assert "138****2222" in section
    assert "13811112222" not in section and "tel:" not in section


def test_it_masks_worker_phones_in_the_api_the_same_way(world, login, posted):
    _head, part_timer = posted
    url = f"/api/v1/areas/grids/{world.east_grid.code}"
    full = {w["name"]: w for w in login(world.users["grid_worker"]).get(url).json()["workers"]}
    assert full["王网格长"]["phone"] == "13811112222"
    assert full["王网格长"]["duty"] == "安全巡查、矛盾调解"
    masked = {w["name"]: w["phone"] for w in login(part_timer).get(url).json()["workers"]}
    assert masked == {"王网格长": "138****2222", "东网格员": "137****0001", "李兼职": "138****4444"}


def test_it_offers_offices_a_link_to_post_a_new_worker_on_the_grid(world, login, posted):
    link = f"/accounts/people/new/?area={world.east_grid.code}"
    assert link in _workers(login(world.users["community_staff"]), world)
    assert link not in _workers(login(world.users["grid_worker"]), world)
    form = login(world.users["community_staff"]).get(link).content.decode()
    assert f'value="{world.east_grid.code}"' in form


def test_it_links_the_grid_branch_only_for_roles_that_may_open_it(world, login):
    from party.models import OrgLevel, PartyOrganisation

    branch = PartyOrganisation.objects.create(
        name="东网格党支部", level=OrgLevel.BRANCH, area=world.east_grid, code="X1"
    )
    link = reverse("party:organisation", args=[branch.pk])
    for role, shown in (("community_staff", True), ("grid_worker", False)):
        client = login(world.users[role])
        section = _workers(client, world)
        assert "东网格党支部" in section and (link in section) is shown, role
        assert client.get(link).status_code == (200 if shown else 404), role
