"""Responsible departments in the reader's language: the English name under English when one
is set, the Chinese name otherwise, on the case page, in the API and in Open311."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation

from cases.models import Category
from cases.seed import DEPARTMENTS, LEAVES, fill_english_departments
from cases.tests.helpers import report
from tests.i18n import visible_text

API = "/api/v1/cases/"


def _in(client: Any, language: str) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_it_gives_every_seeded_department_an_english_name(world: Any) -> None:
    seeded = {code: department for code, _n, _e, _l, department, *_rest in LEAVES}
    assert set(seeded.values()) - {""} == set(DEPARTMENTS)
    for c in Category.objects.filter(code__in=seeded):
        assert c.department == seeded[c.code]
        assert c.department_en == DEPARTMENTS.get(c.department, ""), c.code
    assert Category.objects.get(code="S0101").department_en == "Sanitation Station"


def test_it_shows_the_department_in_the_active_language(world: Any) -> None:
    rubbish = Category.objects.get(code="S0101")
    with translation.override("en"):
        assert rubbish.department_label == "Sanitation Station"
    with translation.override("zh-hans"):
        assert rubbish.department_label == "环卫所"
    rubbish.department_en = ""
    with translation.override("en"):
        assert rubbish.department_label == "环卫所"  # no English name: the Chinese one
    with translation.override("en"):
        assert Category.objects.get(code="S0102").department_label == ""  # none at all


def test_it_shows_the_department_on_the_case_page(world: Any, login: Any) -> None:
    case = report(world)
    staff = login(world.users["community_staff"])
    chinese = visible_text(_in(staff, "zh-hans").get(f"/cases/{case.pk}/"))
    assert "环卫所" in chinese and "Sanitation" not in chinese
    english = visible_text(_in(staff, "en").get(f"/cases/{case.pk}/"))
    assert "Sanitation Station" in english and "环卫所" not in english


def test_it_answers_the_department_in_the_readers_language(world: Any, login: Any) -> None:
    client = login(world.users["resident"])
    tree = {c["code"]: c for c in _in(client, "en").get(f"{API}categories").json()}
    assert tree["S0101"]["department"] == "Sanitation Station"
    assert tree["S0102"]["department"] == ""
    tree = {c["code"]: c for c in _in(client, "zh-hans").get(f"{API}categories").json()}
    assert tree["S0101"]["department"] == "环卫所"


def test_it_names_the_agency_in_open311_in_the_readers_language(world: Any, client: Any) -> None:
    case = report(world)
    request_url = f"/open311/v2/requests/{case.number}.json"
    # Like the service names, Open311 follows the language switch, not Accept-Language.
    chinese = {s["service_code"]: s for s in client.get("/open311/v2/services.json").json()}
    assert chinese["S0101"]["description"] == "环卫所"
    [row] = client.get(request_url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert row["agency_responsible"] == "环卫所"

    english = {
        s["service_code"]: s for s in _in(client, "en").get("/open311/v2/services.json").json()
    }
    assert english["S0101"]["description"] == "Sanitation Station"
    assert english["S0502"]["description"] == "Traffic Police Brigade"
    [row] = client.get(request_url).json()
    assert row["agency_responsible"] == "Sanitation Station"
    xml = client.get(f"/open311/v2/requests/{case.number}.xml").content.decode()
    assert "<agency_responsible>Sanitation Station</agency_responsible>" in xml


def test_it_names_the_level_when_the_category_has_no_department(world: Any, client: Any) -> None:
    case = report(world, code="S0102")
    [row] = _in(client, "en").get(f"/open311/v2/requests/{case.number}.json").json()
    assert row["agency_responsible"] == str(case.get_level_display())
    assert row["agency_responsible"].isascii()


def test_it_fills_the_seeded_departments_but_not_others(world: Any) -> None:
    Category.objects.update(department_en="")
    Category.objects.filter(code="S0102").update(department="环卫所")  # a seeded department
    Category.objects.filter(code="S0201").update(department="城管中队")  # a local one
    filled = fill_english_departments(Category)
    assert filled == Category.objects.exclude(department_en="").count()
    names = dict(Category.objects.values_list("code", "department_en"))
    assert names["S0101"] == names["S0102"] == "Sanitation Station"
    assert names["S0201"] == "" and names["S0601"] == ""
    assert fill_english_departments(Category) == 0
