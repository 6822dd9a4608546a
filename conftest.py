"""Shared test fixtures: a small demo district and the personas of STYLE.md."""

from __future__ import annotations

import os
from typing import Any

import pytest

# LINLI_TEST_NOW=2026-12-31T23:50:00+08:00 runs the whole suite with the clock moved there
# (ticking on): CI runs it so at awkward moments, so that no test leans on the day it runs.
_TEST_NOW = os.environ.get("LINLI_TEST_NOW", "")


def pytest_configure(config: Any) -> None:
    if _TEST_NOW:
        import datetime as dt

        import time_machine

        time_machine.travel(dt.datetime.fromisoformat(_TEST_NOW), tick=True).start()


def pytest_report_header(config: Any) -> str | None:
    return f"clock moved to {_TEST_NOW} (LINLI_TEST_NOW)" if _TEST_NOW else None


# Playwright drives Chromium from a thread with an event loop; Django's ORM needs this to
# serve the live server's requests from the test process.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Each test starts with an empty cache (below): version tags are read every time.
    settings.LINLI_SHARED_VERSION_SECONDS = 0


@pytest.fixture(scope="session", autouse=True)
def _own_cache_dir(tmp_path_factory: Any) -> Any:
    """The tests' shared cache on disk lives apart from a demo served from the same checkout."""
    from django.conf import settings
    from django.test import override_settings

    default = settings.CACHES["default"]
    if not default["BACKEND"].endswith("FileBasedCache"):
        yield
        return
    location = str(tmp_path_factory.mktemp("cache"))
    with override_settings(CACHES={"default": {**default, "LOCATION": location}}):
        yield


@pytest.fixture(scope="session", autouse=True)
def _api_answers_only_what_it_documents() -> Any:
    """Every answer of an API operation in any test has a status the operation declares
    (`core.schemas.errors(...)`, 401 behind authentication): an endpoint that can refuse
    with a status it does not document fails the test that makes it refuse."""
    from ninja.operation import Operation

    run = Operation.run

    def checked(self: Any, request: Any, **kw: Any) -> Any:
        response = run(self, request, **kw)
        declared = set(self.response_models) | ({401} if self.auth_callbacks else set())
        body = getattr(response, "content", b"")[:300]
        assert response.status_code in declared, (
            f"{request.method} {request.path} answered {response.status_code}, which its "
            f"operation does not declare ({sorted(declared)}): {body!r}"
        )
        return response

    Operation.run = checked  # type: ignore[method-assign]
    yield
    Operation.run = run  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _clear_cache() -> Any:
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db: Any) -> Any:
    """Two communities with a grid each and the personas: grid_worker, community_staff,
    resident (all in the east), outsider (a grid worker in the west), subdistrict_staff, admin."""
    from tests.factories import make_world

    return make_world()


@pytest.fixture
def login(client: Any) -> Any:
    def _login(user: Any) -> Any:
        client.force_login(user)
        return client

    return _login


CHROMIUM = os.environ.get("LINLI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium() -> Any:
    """Debian's Chromium driven by Playwright (never `playwright install`)."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("LINLI_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is not installed and LINLI_REQUIRE_BROWSER is set")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any, live_server: Any) -> Any:
    """A phone-sized page (390 px wide) on the live server; `page.base` is its address."""
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    yield page
    context.close()


@pytest.fixture
def menu_go() -> Any:
    def _go(page: Any, href: str) -> None:
        """Follow the top menu's link to `href` as a user would: open the menu behind ☰ on a
        phone, open the link's domain group, click it, and wait for the page."""
        link = page.locator(f"nav.nav a[href='{href}']").first
        toggle = page.locator("label.nav-button")
        if toggle.is_visible():
            toggle.click()
        group = page.locator("nav.nav details.nav-group", has=page.locator(f"a[href='{href}']"))
        if group.count() and not group.first.evaluate("d => d.open"):
            group.first.locator("summary").click()
        with page.expect_navigation():
            link.click()

    return _go


@pytest.fixture
def browser_login() -> Any:
    def _login(page: Any, phone: str, password: str, *, fresh: bool = False) -> None:
        """Log in on the login page; `fresh` first logs the current user out of the browser:
        it leaves the page once its loads are done (a late answer to the old page, such as a
        404 image, would otherwise set a new CSRF cookie under the login form) and clears the
        cookies."""
        if fresh:
            page.wait_for_load_state("networkidle")
            page.goto("about:blank")
            page.context.clear_cookies()
        page.goto(page.base + "/accounts/login/")
        page.fill("input[name=username]", phone)
        page.fill("input[name=password]", password)
        # Wait for the answer to the POST itself: a test's next navigation must not abort it.
        with page.expect_navigation():
            page.click("button[type=submit]")

    return _login
