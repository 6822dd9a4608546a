"""The one paging helper: a page past the bound is refused (400 from `paginate` itself, 422 from
an endpoint's bounded parameters, as each endpoint answered before), the last page is served
even when partial, and a page after the last is empty."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from core.notify import notify
from core.paging import MAX_PAGE_SIZE, MAX_PAGES, paginate
from core.refusal import Invalid

pytestmark = pytest.mark.django_db


def _rows():
    return ContentType.objects.order_by("pk")


def test_it_serves_the_last_partial_page():
    total = _rows().count()
    size = next(s for s in (4, 3, 5, 7, 11) if total % s)  # the last page is partial
    last = -(-total // size)
    got = paginate(_rows(), last, size)
    assert got["count"] == total and got["page"] == last and got["page_size"] == size
    assert got["results"] == list(_rows())[(last - 1) * size :]
    assert 0 < len(got["results"]) < size


def test_it_answers_an_empty_page_after_the_last():
    assert paginate(_rows(), MAX_PAGES, 1)["results"] == []


@pytest.mark.parametrize(
    ("page", "size", "words"),
    [
        (MAX_PAGES + 1, 10, f"page is at most {MAX_PAGES}."),
        (0, 10, "page starts at 1."),
        (1, 0, f"page_size is between 1 and {MAX_PAGE_SIZE}."),
        (1, MAX_PAGE_SIZE + 1, f"page_size is between 1 and {MAX_PAGE_SIZE}."),
    ],
)
def test_it_refuses_a_page_past_the_bound(page, size, words):
    with translation.override("en"), pytest.raises(Invalid) as refused:
        paginate(_rows(), page, size)
    assert refused.value.status == 400 and refused.value.message == words


@pytest.mark.parametrize("url", ["/api/v1/inbox/", "/api/v1/cases/"])
def test_it_keeps_each_endpoints_answer_to_a_page_past_the_bound(world, client, url):
    client.force_login(world.users["community_staff"])
    assert client.get(url, {"page": MAX_PAGES + 1}).status_code == 422
    assert client.get(url, {"page_size": MAX_PAGE_SIZE + 1}).status_code == 422
    assert client.get(url, {"page": MAX_PAGES}).json()["results"] == []


def test_it_serves_an_endpoints_last_partial_page(world, client):
    me = world.users["resident"]
    for i in range(5):
        notify([me], f"m{i}", "正文", "/")
    client.force_login(me)
    got = client.get("/api/v1/inbox/", {"page": 3, "page_size": 2}).json()
    assert got["count"] == 5 and got["page"] == 3 and len(got["results"]) == 1


@pytest.mark.parametrize("url", ["/api/v1/areas/", "/api/v1/party/organisations"])
def test_it_keeps_the_areas_lists_400_for_a_page_past_the_bound(world, client, url):
    client.force_login(world.users["community_staff"])
    for query in ({"page": MAX_PAGES + 1}, {"page": 0}, {"page_size": MAX_PAGE_SIZE + 1}):
        got = client.get(url, query)
        assert got.status_code == 400 and got.json()["detail"] and got.json()["field"] == ""
    assert client.get(url, {"page": MAX_PAGES}).json()["items"] == []
