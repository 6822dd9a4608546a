"""Category names in the reader's language: the English name under English when one is set,
the Chinese name otherwise; stored text (history, audit) keeps the Chinese name."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.conf import settings
from django.utils import translation

from cases import actions as A
from cases.models import Category
from cases.seed import LEAVES, TOP, fill_english_names
from cases.tests.helpers import report
from tests.i18n import visible_text

API = "/api/v1/cases/"


def _english(client: Any) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_it_gives_every_seeded_category_an_english_name(world: Any) -> None:
    assert Category.objects.count() == len(TOP) + len(LEAVES)
    assert not Category.objects.filter(name_en="").exists()
    assert Category.objects.get(code="Z01").name_en == "Disputes"
    assert Category.objects.get(code="B01").name_en == "Public facilities"


def test_it_shows_the_label_in_the_active_language(world: Any) -> None:
    disputes = Category.objects.get(code="Z01")
    with translation.override("en"):
        assert disputes.label == "Disputes"
    with translation.override("zh-hans"):
        assert disputes.label == "矛盾纠纷"
    disputes.name_en = ""
    with translation.override("en"):
        assert disputes.label == "矛盾纠纷"  # no English name: the Chinese one
    assert str(disputes) == "Z01 矛盾纠纷"


def test_it_shows_the_case_pages_in_the_readers_language(world: Any, login: Any) -> None:
    case = report(world)
    staff = login(world.users["community_staff"])
    urls = ["/cases/report/", "/cases/desk/", f"/cases/{case.pk}/"]
    chinese = {url: staff.get(url).content.decode() for url in urls}
    english = {url: _english(staff).get(url).content.decode() for url in urls}
    for url in urls:
        assert "暴露垃圾" in chinese[url] and "Exposed rubbish" not in chinese[url], url
        assert "Exposed rubbish" in english[url] and "暴露垃圾" not in english[url], url
    # The report form's option groups and the desk's filter (top-level classes).
    assert '<optgroup label="City appearance and environment">' in english["/cases/report/"]
    assert '<optgroup label="市容环境">' in chinese["/cases/report/"]
    assert "Disputes" in english["/cases/desk/"] and "矛盾纠纷" not in english["/cases/desk/"]
    map_data = staff.get("/cases/desk/map.json").json()
    assert map_data["features"][0]["properties"]["category"] == "Exposed rubbish"


def test_it_shows_the_residents_list_and_the_approvals_in_english(world: Any, login: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = report(world)
    A.do_accept_case(case, actor=staff)
    A.do_dispatch_case(case, to=worker, actor=staff)
    A.do_request_extension(case, days=3, reason="等配件", actor=worker)
    approvals = visible_text(_english(login(staff)).get("/cases/desk/approvals/"))
    assert "Exposed rubbish" in approvals and "暴露垃圾" not in approvals
    mine = visible_text(login(world.users["resident"]).get("/cases/mine/"))
    assert "Exposed rubbish" in mine and "暴露垃圾" not in mine


def test_it_keeps_stored_text_in_chinese(world: Any) -> None:
    with translation.override("en"):
        case = report(world)
    assert str(case).endswith("暴露垃圾")


def test_it_answers_the_category_name_in_the_language_status_label_uses(
    world: Any, login: Any
) -> None:
    case = report(world)
    client = login(world.users["resident"])
    # Accept-Language is not consulted (Chinese first); the language switch is.
    chinese = client.get(f"{API}{case.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert chinese["category_name"] == "暴露垃圾" and chinese["status_label"] == "已上报"
    english = _english(client).get(f"{API}{case.pk}").json()
    assert english["category_name"] == "Exposed rubbish" and english["status_label"] == "Reported"
    listed = client.get(API).json()["results"][0]
    assert listed["category_name"] == "Exposed rubbish"
    tree = {c["code"]: c for c in client.get(f"{API}categories").json()}
    assert tree["Z01"]["name"] == "Disputes" and tree["S0101"]["name"] == "Exposed rubbish"


def test_it_lists_the_open311_services_in_english(world: Any, client: Any) -> None:
    case = report(world)
    services = {
        s["service_code"]: s for s in _english(client).get("/open311/v2/services.json").json()
    }
    assert services["S0101"]["service_name"] == "Exposed rubbish"
    assert services["S0101"]["group"] == "City appearance and environment"
    assert services["S0102"]["description"] == "Materials piled up at random"  # no department
    requests = client.get(f"/open311/v2/requests/{case.number}.json").json()
    assert requests[0]["service_name"] == "Exposed rubbish"


def test_it_exports_the_category_in_english(world: Any, login: Any) -> None:
    report(world)
    r = _english(login(world.users["community_staff"])).get("/cases/desk/export.csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8")[1:])))
    assert rows[1][rows[0].index("Category")] == "Exposed rubbish"


def test_it_falls_back_to_the_chinese_name_without_an_english_one(
    world: Any, login: Any, client: Any
) -> None:
    Category.objects.filter(code="S0101").update(name_en="")
    case = report(world)
    staff = _english(login(world.users["community_staff"]))
    assert "暴露垃圾" in visible_text(staff.get(f"/cases/{case.pk}/"))
    assert staff.get(f"{API}{case.pk}").json()["category_name"] == "暴露垃圾"


def test_it_fills_the_seeded_english_names_but_not_a_renamed_categorys(world: Any) -> None:
    Category.objects.filter(code__in=["S0101", "S0102"]).update(name_en="")
    Category.objects.filter(code="S0102").update(name="堆物堆料")
    Category.objects.create(code="X01", name="本地分类", kind="event")
    assert fill_english_names(Category) == 1
    names = dict(Category.objects.values_list("code", "name_en"))
    assert names["S0101"] == "Exposed rubbish"
    assert names["S0102"] == "" and names["X01"] == ""
    assert fill_english_names(Category) == 0


def test_it_edits_the_english_name_in_the_admin_audited(world: Any, client: Any) -> None:
    from accounts.models import User
    from core.models import AuditEntry
    from core.tests.test_admin_registry import change_form

    client.force_login(
        User.objects.create_superuser(phone="13600000000", password="x", name="后台")
    )
    category = Category.objects.get(code="S0102")
    url = f"/admin/cases/category/{category.pk}/change/"
    data = change_form(client, url) | {"name_en": "Materials stacked in the open"}
    assert client.post(url, data).status_code == 302
    category.refresh_from_db()
    assert category.name_en == "Materials stacked in the open"
    audited = AuditEntry.objects.get(action="admin.cases.category.update")
    assert audited.changes == {
        "name_en": ["Materials piled up at random", "Materials stacked in the open"]
    }
