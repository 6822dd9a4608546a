"""Every ModelAdmin of the back office is audited: a walk over the admin registry, and one
change through the admin of each app (or, where the admin is read-only, a refused change)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.forms import MultiWidget

from accounts.models import User
from cases.models import Category
from cases.open311.models import ApiKey
from core.admin_audit import AuditedAdmin
from core.models import AuditEntry
from party.models import OrgLevel, PartyOrganisation
from points.models import EarningRule
from volunteering.models import Team, Volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def back_office(world, client):
    user = User.objects.create_superuser(phone="13600000000", password="x", name="后台")
    client.force_login(user)
    return client


def test_it_audits_every_registered_model_admin():
    plain = [
        f"{model._meta.label}: {type(model_admin).__name__}"
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, AuditedAdmin)
    ]
    assert plain == []
    labels = {model._meta.app_label for model in admin.site._registry}
    assert {"cases", "volunteering", "points", "party", "auth", "open311"} <= labels


def _field_data(form: Any, prefix: str = "") -> dict[str, Any]:
    data: dict[str, Any] = {}
    for bound in form:
        name = prefix + bound.name
        value = bound.value()
        widget = bound.field.widget
        if isinstance(widget, MultiWidget):
            for i, part in enumerate(widget.decompress(value) or []):
                data[f"{name}_{i}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = str(value)
    return data


def change_form(client: Any, url: str) -> dict[str, Any]:
    """The POST data the admin's change page would send back unchanged, inlines included."""
    response = client.get(url)
    assert response.status_code == 200
    data = _field_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_field_data(formset.management_form, f"{formset.prefix}-"))
        for i, form in enumerate(formset.forms):
            data.update(_field_data(form, f"{formset.prefix}-{i}-"))
    return data


def entry(action: str) -> AuditEntry:
    return AuditEntry.objects.get(action=action)


def test_it_audits_a_case_category_change(back_office):
    category = Category.objects.create(code="0101", name="井盖", kind="component")
    url = f"/admin/cases/category/{category.pk}/change/"
    data = change_form(back_office, url) | {"name": "窨井盖", "handle_limit": "5"}
    assert back_office.post(url, data).status_code == 302
    audited = entry("admin.cases.category.update")
    assert audited.changes == {"name": ["井盖", "窨井盖"], "handle_limit": [3, 5]}
    assert audited.actor.phone == "13600000000"


def test_it_audits_a_volunteer_change_with_the_phone_masked(world, back_office):
    volunteer = Volunteer.objects.create(community=world.east, name="志愿者甲", phone="13912345678")
    url = f"/admin/volunteering/volunteer/{volunteer.pk}/change/"
    data = change_form(back_office, url) | {"phone": "13987654321", "active": ""}
    assert back_office.post(url, data).status_code == 302
    audited = entry("admin.volunteering.volunteer.update")
    assert audited.changes == {"phone": ["139****5678", "139****4321"], "active": [True, False]}
    assert audited.area_code == world.east.code


def test_it_audits_a_team_member_added_through_the_inline(world, back_office):
    volunteer = Volunteer.objects.create(community=world.east, name="志愿者乙")
    team = Team.objects.create(name="先锋队", kind="party_member", community=world.east)
    url = f"/admin/volunteering/team/{team.pk}/change/"
    data = change_form(back_office, url)
    prefix = next(k for k in data if k.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    data |= {f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-volunteer": str(volunteer.pk)}
    data[f"{prefix}-0-team"] = str(team.pk)
    response = back_office.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    audited = entry("admin.volunteering.teammembership.create")
    assert audited.changes["volunteer"] == [None, volunteer.pk]


def test_it_audits_a_party_organisation_change(world, back_office):
    organisation = PartyOrganisation.objects.create(
        code="E1", name="东社区大党委", level=OrgLevel.EXTENDED_COMMITTEE, area=world.east
    )
    url = f"/admin/party/partyorganisation/{organisation.pk}/change/"
    data = change_form(back_office, url) | {"name": "东社区党委"}
    assert back_office.post(url, data).status_code == 302
    assert entry("admin.party.partyorganisation.update").changes == {
        "name": ["东社区大党委", "东社区党委"]
    }


def test_it_audits_permissions_given_to_a_group(back_office):
    group = Group.objects.create(name="后台维护")
    permission = Permission.objects.get(codename="change_category")
    url = f"/admin/auth/group/{group.pk}/change/"
    data = change_form(back_office, url) | {"permissions": [str(permission.pk)]}
    assert back_office.post(url, data).status_code == 302
    assert entry("admin.auth.group.update").changes == {"permissions": [[], [str(permission.pk)]]}


def test_it_audits_an_api_key_renamed(world, back_office):
    key = ApiKey.objects.create(name="旧名", prefix="abcd1234", user=world.users["admin"])
    url = f"/admin/open311/apikey/{key.pk}/change/"
    data = change_form(back_office, url) | {"name": "新名"}
    assert back_office.post(url, data).status_code == 302
    assert entry("admin.open311.apikey.update").changes == {"name": ["旧名", "新名"]}


def test_it_refuses_points_changes_in_the_back_office(back_office):
    rule = EarningRule.objects.create(
        activity="volunteer_order", points=5, valid_from=dt.date(2026, 1, 1)
    )
    url = f"/admin/points/earningrule/{rule.pk}/change/"
    assert back_office.post(url, {"points": "500"}).status_code == 403
    assert back_office.post(f"/admin/points/earningrule/{rule.pk}/delete/").status_code == 403
    rule.refresh_from_db()
    assert rule.points == 5 and not AuditEntry.objects.exists()


def test_it_revokes_app_tokens_of_an_account_switched_off_in_the_back_office(world, back_office):
    from accounts.models import ApiToken

    worker = world.users["grid_worker"]
    ApiToken.issue(worker, "app")
    url = f"/admin/accounts/user/{worker.pk}/change/"
    data = change_form(back_office, url)
    data.pop("is_active", None)
    response = back_office.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    worker.refresh_from_db()
    assert not worker.is_active and not ApiToken.objects.filter(user=worker).exists()
    assert entry("admin.accounts.user.update").changes == {"is_active": [True, False]}
    assert entry("admin.accounts.apitoken.delete").actor.phone == "13600000000"
