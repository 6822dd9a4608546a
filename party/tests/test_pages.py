"""Party pages: what a party secretary sees, what a grid worker of another community is
refused, and the forms that add and edit through the actions."""

from __future__ import annotations

import re

import pytest

from core.models import AuditEntry
from party.models import PartnershipAgreement, PartyMember, PartyOrganisation

pytestmark = pytest.mark.django_db


def text(response):
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_secretary_the_tree_of_their_community_only(p, login):
    page = text(login(p.secretary).get("/party/"))
    assert "东社区大党委" in page and "东第1网格党支部" in page and "东第1网格党小组" in page
    assert "西社区大党委" not in page and "瓯北街道党工委" not in page


def test_it_shows_the_subdistrict_the_whole_tree(p, login):
    page = text(login(p.world.users["subdistrict_staff"]).get("/party/"))
    assert "瓯北街道党工委" in page and "西第1网格党支部" in page


@pytest.mark.parametrize(
    "url", ["/party/", "/party/registrations/", "/party/cross-appointments/", "/party/partners/"]
)
def test_it_refuses_party_pages_to_users_without_party_access(p, login, url):
    for who in ("outsider", "grid_worker", "resident"):
        assert login(p.world.users[who]).get(url).status_code == 404, who


def test_it_shows_an_organisation_with_members_masked_phones_and_agreements(p, login):
    client = login(p.secretary)
    page = text(client.get(f"/party/org/{p.east_branch.pk}/"))
    assert "东在职党员" in page and "东退休党员" in page and "县医院" in page
    assert "138****2222" in page and "13811112222" not in page
    assert "E1B1" in page  # its code
    assert f"/party/org/{p.east_branch.pk}/add/" in page  # a group may be added below
    page = text(client.get(f"/party/org/{p.east.pk}/"))
    assert "县供电所" in page and "2027-12-31" in page


def test_it_hides_organisations_outside_the_users_area(p, login):
    for who, org in (("secretary", "west_branch"), ("secretary", "committee")):
        assert login(p.user(who)).get(f"/party/org/{getattr(p, org).pk}/").status_code == 404
    client = login(p.world.users["outsider"])
    assert client.get(f"/party/org/{p.west_branch.pk}/").status_code == 404
    assert client.get("/party/org/999999/").status_code == 404


def test_it_lists_home_registrations_by_community(p, login):
    client = login(p.secretary)
    page = text(client.get("/party/registrations/"))
    assert "东社区" in page
    page = text(client.get(f"/party/registrations/?community={p.world.east.code}"))
    assert "东在职党员" in page and "县医院" in page and "138****2222" in page


def test_it_lists_cross_appointments_and_partners_in_reach(p, login):
    from party import actions

    actions.do_add_cross_appointment(
        p.member,
        body="owners_committee",
        body_name="东花园业委会",
        position="主任",
        actor=p.secretary,
    )
    actions.do_add_cross_appointment(
        p.west_member,
        body="owners_committee",
        body_name="西花园业委会",
        position="委员",
        actor=p.world.users["admin"],
    )
    client = login(p.secretary)
    page = text(client.get("/party/cross-appointments/"))
    assert "东花园业委会" in page and "西花园业委会" not in page
    page = text(client.get("/party/partners/"))
    assert "县供电所" in page and "139****1111" in page and "13900001111" not in page


def test_it_adds_a_member_through_the_form(p, login):
    client = login(p.secretary)
    url = f"/party/org/{p.east_branch.pk}/members/add/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "表单党员", "phone": "13855556666", "code": "M77"})
    assert response.status_code == 302
    assert PartyMember.objects.get(name="表单党员").organisation == p.east_branch
    assert PartyMember.objects.get(name="表单党员").code == "M77"
    response = client.post(url, {"name": "重号党员", "code": "M77"})
    assert response.status_code == 200 and not PartyMember.objects.filter(name="重号党员").exists()


def test_it_shows_form_errors_and_stores_nothing(p, login):
    client = login(p.secretary)
    response = client.post(
        f"/party/org/{p.east_branch.pk}/members/add/",
        {"name": "表单党员", "home_community": p.world.east.pk, "registered_on": "2026-01-01"},
    )
    assert response.status_code == 200
    assert "Only in-service members" in response.content.decode() or "在职党员" in (
        response.content.decode()
    )
    response = client.post(
        f"/party/partners/{p.unit.pk}/agreements/add/",
        {
            "organisation": p.east.pk,
            "starts_on": "2026-06-01",
            "ends_on": "2026-01-01",
            "commitments": "共建",
        },
    )
    assert response.status_code == 200
    assert not PartyMember.objects.filter(name="表单党员").exists()
    assert PartnershipAgreement.objects.count() == 1


def test_it_adds_and_edits_organisations_through_the_forms(p, login):
    client = login(p.secretary)
    response = client.post(
        f"/party/org/{p.east_branch.pk}/add/",
        {"code": "E1B1G2", "name": "东第二党小组", "area": p.world.east_grid.pk},
    )
    assert response.status_code == 302
    group = PartyOrganisation.objects.get(code="E1B1G2")
    assert group.level == "group" and group.parent == p.east_branch
    response = client.post(
        f"/party/org/{p.east_branch.pk}/edit/",
        {
            "name": "东网格党支部",
            "kind": "grid",
            "area": p.world.east_grid.pk,
            "secretary": p.member.pk,
        },
    )
    assert response.status_code == 302
    p.east_branch.refresh_from_db()
    assert p.east_branch.secretary == p.member and p.east_branch.name == "东网格党支部"
    assert AuditEntry.objects.filter(action__startswith="party.organisation.").count() == 2


def test_it_edits_a_member_through_the_form(p, login):
    client = login(p.secretary)
    url = f"/party/members/{p.retired.pk}/edit/"
    assert "东退休党员" in text(client.get(url))
    response = client.post(
        url, {"name": "东退休党员", "organisation": p.east_group.pk, "phone": "13811113333"}
    )
    assert response.status_code == 302
    assert PartyMember.objects.get(pk=p.retired.pk).organisation == p.east_group


@pytest.mark.parametrize(
    "url",
    [
        "/party/org/{west_branch}/members/add/",
        "/party/org/{west_branch}/add/",
        "/party/org/{west_branch}/edit/",
        "/party/members/{west_member}/edit/",
        "/party/members/{west_member}/cross/add/",
    ],
)
def test_it_refuses_forms_outside_the_area(p, login, url):
    url = url.format(west_branch=p.west_branch.pk, west_member=p.west_member.pk)
    for who in ("secretary", "outsider"):
        client = login(p.user(who))
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "越权", "code": "X1"}).status_code == 404
    assert not AuditEntry.objects.filter(action__startswith="party.").exists()


def test_it_refuses_to_add_below_a_hub_household(p, login):
    from party.models import OrgLevel

    hub = PartyOrganisation.objects.create(
        code="H1",
        name="中心户",
        level=OrgLevel.HUB_HOUSEHOLD,
        area=p.world.east_grid,
        parent=p.east_group,
    )
    assert login(p.secretary).get(f"/party/org/{hub.pk}/add/").status_code == 404


def test_it_keeps_the_partner_forms_to_party_editors(p, login):
    assert login(p.world.users["grid_worker"]).get("/party/partners/add/").status_code == 404
    client = login(p.secretary)
    response = client.post(
        "/party/partners/add/", {"area": p.world.east.pk, "name": "县中学", "phone": "13900003333"}
    )
    assert response.status_code == 302
    unit = p.unit.__class__.objects.get(name="县中学")
    response = client.post(
        f"/party/partners/{unit.pk}/agreements/add/",
        {
            "organisation": p.east.pk,
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "commitments": "共建",
        },
    )
    assert response.status_code == 302 and unit.agreements.count() == 1


def test_it_sets_up_a_working_committee_on_a_subdistrict(p, login):
    client = login(p.world.users["subdistrict_staff"])
    assert "/party/org/add/" in text(client.get("/party/"))
    response = client.post(
        "/party/org/add/", {"code": "G2", "name": "新党工委", "area": p.world.subdistrict.pk}
    )
    assert response.status_code == 302
    top = PartyOrganisation.objects.get(code="G2")
    assert top.level == "working_committee" and top.parent is None
    # a community's secretary cannot pick the subdistrict: the form is not theirs
    response = login(p.secretary).post(
        "/party/org/add/", {"code": "G3", "name": "越级党工委", "area": p.world.subdistrict.pk}
    )
    assert response.status_code == 404 and not PartyOrganisation.objects.filter(code="G3").exists()
    assert login(p.world.users["outsider"]).get("/party/org/add/").status_code == 404


@pytest.mark.parametrize(
    "who, offered", [("subdistrict_staff", True), ("community_staff", False), ("secretary", False)]
)
def test_it_offers_a_working_committee_only_where_one_can_be_founded(p, login, who, offered):
    """A community's party secretary (or staff) edits party organisations, but only on their
    community: 成立党工委 was offered with an empty area list. The button, the page and the
    form's areas now follow one rule."""
    client = login(p.user(who))
    assert ("/party/org/add/" in text(client.get("/party/"))) is offered
    page = client.get("/party/org/add/")
    assert page.status_code == (200 if offered else 404)
    if offered:
        areas = list(page.context["form"].fields["area"].queryset)
        assert areas and all(a.level in ("district", "subdistrict") for a in areas)


def test_it_edits_partner_units_and_agreements_through_the_forms(p, login):
    client = login(p.secretary)
    page = text(client.get("/party/partners/"))
    assert f"/party/partners/{p.unit.pk}/edit/" in page
    assert f"/party/agreements/{p.agreement.pk}/edit/" in page
    response = client.post(
        f"/party/partners/{p.unit.pk}/edit/", {"name": "县供电公司", "contact": "", "phone": ""}
    )
    assert response.status_code == 302
    response = client.post(
        f"/party/agreements/{p.agreement.pk}/edit/",
        {"starts_on": "2026-01-01", "ends_on": "2025-01-01", "commitments": "共建"},
    )
    assert response.status_code == 200  # the form shows the error
    assert str(PartnershipAgreement.objects.get(pk=p.agreement.pk).ends_on) == "2027-12-31"
    outsider = login(p.world.users["outsider"])
    assert outsider.get(f"/party/partners/{p.unit.pk}/edit/").status_code == 404
    assert outsider.get(f"/party/agreements/{p.agreement.pk}/edit/").status_code == 404


def test_it_counts_the_members_of_the_organisations_below(p, login):
    """A community's extended committee holds no members itself; its branches do. Its count
    is theirs, on the home page, in the tree and on its page, not 0."""

    def count(page, name):
        found = re.search(
            name + r'</a> <span class="badge">[^<]*</span> <span class="muted">[^<]*?(\d+) 名党员',
            page,
        )
        assert found, name
        return int(found.group(1))

    client = login(p.secretary)
    assert count(text(client.get("/")), "东社区大党委") == 2
    tree = text(client.get("/party/"))
    assert count(tree, "东社区大党委") == 2 and count(tree, "东第1网格党小组") == 0
    assert count(text(client.get(f"/party/org/{p.east.pk}/")), "东第1网格党支部") == 2


def test_it_shows_an_actions_refusal_beside_its_field_on_the_form(p, login):
    """The one form view: a refusal of the action (a code taken) is shown beside the field it
    names, the form keeps what was typed, and nothing is stored."""
    PartyMember.objects.create(organisation=p.east_branch, code="M88", name="已有党员")
    client = login(p.secretary)
    response = client.post(
        f"/party/org/{p.east_branch.pk}/members/add/", {"name": "重号党员", "code": "M88"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["code"] and "M88" in form.errors["code"][0]
    assert form["name"].value() == "重号党员"
    assert not PartyMember.objects.filter(name="重号党员").exists()
    assert not AuditEntry.objects.filter(action__startswith="party.").exists()


FORM_URLS = [
    "/party/org/add/",
    "/party/org/{org}/add/",
    "/party/org/{org}/edit/",
    "/party/org/{org}/members/add/",
    "/party/members/{member}/edit/",
    "/party/members/{member}/cross/add/",
    "/party/partners/add/",
    "/party/partners/{unit}/edit/",
    "/party/partners/{unit}/agreements/add/",
    "/party/agreements/{agreement}/edit/",
]


@pytest.mark.parametrize("url", FORM_URLS)
def test_it_answers_404_to_an_outsider_on_every_party_form(p, login, url):
    """Each form page asks party.permissions through its lookup: an outsider gets 404 on GET
    and POST alike, and nothing is written."""
    url = url.format(
        org=p.east_branch.pk, member=p.member.pk, unit=p.unit.pk, agreement=p.agreement.pk
    )
    client = login(p.world.users["outsider"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "越权", "code": "X9"}).status_code == 404
    assert not AuditEntry.objects.filter(action__startswith="party.").exists()


@pytest.mark.parametrize("url", FORM_URLS)
def test_it_shows_every_party_form_to_whoever_may_edit_there(p, login, url):
    who = p.world.users["subdistrict_staff"] if url == "/party/org/add/" else p.secretary
    url = url.format(
        org=p.east_branch.pk, member=p.member.pk, unit=p.unit.pk, agreement=p.agreement.pk
    )
    page = text(login(who).get(url))
    assert '<form method="post"' in page
