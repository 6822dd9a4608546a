"""The demo walked as a person would: each demo role signs in, opens every link of the home page
and its menu, and every link of those pages. Nothing it is offered is missing (404) or broken
(500), and the Chinese pages show no untranslated English. Its cases read as real ones, and
the case loop's waiting steps (a rating, an approval) are there to try. One test: the demo
takes a while to generate."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.utils import translation

from linli.demo import generate
from tests.i18n import english_words, visible_text

pytestmark = pytest.mark.django_db

ROLES = ["admin", "community_staff", "grid_worker", "party_secretary", "volunteer", "resident"]
# Not pages to read: downloads, the back office, the API, switching language or signing out.
SKIP = re.compile(r"^/(admin|api|static|media|i18n)/|/logout|export|template|\.(csv|xlsx)")
# Latin that stays on a Chinese page: the map library's credit, file types, Open311, the
# demo API key's prefix, a venue's Wi-Fi as Chinese signs write it.
ALSO_ALLOWED = {"Leaflet", "csv", "xlsx", "geojson", "GeoJSON", "Open311", "demo-", "Wi-Fi"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("/") and not SKIP.search(href):
            self.links.append(href)


def _links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def _walk(client, levels: int = 3) -> dict[str, tuple[int, str]]:
    """`levels` - 1 levels of links from the home page; at most two pages of one shape
    (/orders/<n>/)."""
    seen: dict[str, tuple[int, str]] = {}
    shapes: dict[str, int] = {}
    frontier = ["/"]
    for _level in range(levels):
        following = []
        for url in frontier:
            shape = re.sub(r"\d+", "N", url.split("?")[0])
            if url in seen or shapes.get(shape, 0) >= 2:
                continue
            shapes[shape] = shapes.get(shape, 0) + 1
            response = client.get(url, follow=True)
            html = response.content.decode()
            seen[url] = (response.status_code, html)
            following += _links(html)
        frontier = following
    return seen


@pytest.fixture
def demo_users(db):
    # As `load_demo` runs: in the site's language (whatever an earlier test left active).
    with translation.override(settings.LANGUAGE_CODE):
        return generate(scale=0.002, seed=7).data["users"]


def walk_roles(users, client, levels: int = 3) -> tuple[list, list]:
    """Each demo role's walk: the pages that broke (4xx, 5xx) and those with English words."""
    broken, english = [], []
    for role in ROLES:
        client.force_login(users[role])
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
        pages = _walk(client, levels)
        assert len(pages) > 5, role
        for url, (status, html) in pages.items():
            if status >= 400:
                broken.append((role, url, status))
            elif words := english_words(visible_text(html)) - ALSO_ALLOWED:
                english.append((role, url, sorted(words)))
        client.logout()
    return broken, english


def test_it_walks_every_demo_role_without_a_dead_link_or_english_in_chinese(demo_users, client):
    broken, english = walk_roles(demo_users, client)
    assert broken == []
    assert english == []
    case_loop(demo_users, client)


def case_loop(users, client) -> None:
    """Every app report has a signed-in reporter (the resident or a neighbour) and a text
    of its category; the resident has a closed case to rate; one extension request of the
    demo worker's case (at the grid's level) waits for the community's desk."""
    from cases.models import Case, Channel
    from cases.selectors import pending_requests
    from cases.workflow import Status

    resident = users["resident"]
    app = Case.objects.filter(channel=Channel.APP)
    assert app.exists() and not app.filter(reporter__isnull=True).exists()
    assert app.exclude(reporter=resident).exists()
    assert not Case.objects.filter(description="问题描述").exists()
    waiting = Case.objects.filter(reporter=resident, status=Status.CLOSED, ratings__isnull=True)
    assert waiting.count() == 1
    client.force_login(resident)
    assert "do-rate" in client.get(f"/cases/{waiting.get().pk}/").content.decode()
    decidable = pending_requests(users["community_staff"])
    assert [r.requested_by for r in decidable] == [users["grid_worker"]]
