"""A resident's home on a 390 px phone shows "My grid worker" with a tappable work phone."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from accounts import actions
from accounts.models import RoleAssignment
from accounts.roles import Role
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_sees_their_grid_worker_on_a_phone(
    world: Any, page: Any, browser_login: Any, tmp_path: Any
) -> None:
    head = world.user(Role.GRID_HEAD, world.east_grid, "13811112222", "王网格长")
    RoleAssignment.objects.filter(user=head).update(duty="安全巡查、矛盾调解")
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (20, 90, 200)).save(out, "JPEG")
    photo = SimpleUploadedFile("face.jpg", out.getvalue(), content_type="image/jpeg")
    actions.do_set_work_card(head, work_phone="13955556666", photo=photo, actor=head)

    browser_login(page, world.users["resident"].phone, PASSWORD)
    card = page.locator("#my-grid-workers")
    expect(card).to_contain_text("王网格长")
    expect(card.locator("a[href='tel:13955556666']")).to_be_visible()
    expect(card.locator("img")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert "13811112222" not in page.content()
    card.screenshot(path=str(tmp_path / "my-grid.png"))
