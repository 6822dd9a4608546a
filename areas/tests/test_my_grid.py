"""定岗网格 for a resident: their home and the API show the workers posted on their grid with
name, duty, the work phone published on purpose and a photo; never a worker's login phone."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts import actions
from accounts.models import RoleAssignment
from accounts.roles import Role
from core.refusal import Invalid, NotFound

pytestmark = pytest.mark.django_db


def jpeg() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 90, 200)).save(out, "JPEG")
    return SimpleUploadedFile("face.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def posted(world):
    head = world.user(Role.GRID_HEAD, world.east_grid, "13811112222", "王网格长")
    RoleAssignment.objects.filter(user=head).update(duty="安全巡查、矛盾调解")
    actions.do_set_work_card(
        head, work_phone="13955556666", photo=jpeg(), actor=world.users["community_staff"]
    )
    return head


def test_a_resident_sees_the_posted_workers_work_phones_never_their_login_phones(
    world, login, posted
):
    page = login(world.users["resident"]).get(reverse("home"))
    body = page.content.decode()
    start = body.index('id="my-grid-workers"')
    card = body[start : body.index("</section>", start)]
    assert "王网格长" in card and "安全巡查、矛盾调解" in card and "东网格员" in card
    assert 'href="tel:13955556666"' in card and "<img" in card
    assert "13811112222" not in body and "13700000001" not in body
    assert world.east_grid.name in card and world.east.name in card
    assert card.index("王网格长") < card.index("东网格员")  # the grid head first


def test_the_api_answers_the_callers_grid_and_its_workers_cards(world, login, posted):
    data = login(world.users["resident"]).get("/api/v1/areas/my-grid").json()
    assert data["grid"]["code"] == world.east_grid.code
    assert data["community"]["name"] == world.east.name
    head = data["workers"][0]
    assert (head["name"], head["duty"], head["work_phone"]) == (
        "王网格长",
        "安全巡查、矛盾调解",
        "13955556666",
    )
    assert head["photo_url"].startswith("/media/")
    assert data["workers"][1]["work_phone"] == ""  # none published: none shown
    assert "13811112222" not in str(data) and "13700000001" not in str(data)


def test_the_api_refuses_an_account_with_no_resident_record(world, login):
    response = login(world.users["grid_worker"]).get("/api/v1/areas/my-grid")
    assert response.status_code == 404


def test_an_office_sets_the_work_card_and_a_bad_phone_changes_nothing(world, login, posted):
    client = login(world.users["community_staff"])
    url = reverse("accounts:set_work_card", args=[posted.pk])
    assert client.post(url, {"work_phone": "12345"}).status_code == 400
    posted.refresh_from_db()
    assert posted.work_phone == "13955556666"
    assert client.post(url, {"work_phone": "13977778888", "clear_photo": "on"}).status_code == 302
    posted.refresh_from_db()
    assert posted.work_phone == "13977778888" and not posted.photo


def test_only_the_owner_or_a_managing_office_may_set_the_work_card(world, posted):
    with pytest.raises(NotFound):
        actions.do_set_work_card(posted, work_phone="13900000000", actor=world.users["outsider"])
    with pytest.raises(Invalid):
        actions.do_set_work_card(posted, work_phone="139", actor=posted)
    actions.do_set_work_card(posted, work_phone="13900000000", actor=posted)
    posted.refresh_from_db()
    assert posted.work_phone == "13900000000"


def test_a_worker_sets_their_own_work_card(world, login):
    worker = world.users["grid_worker"]
    client = login(worker)
    assert client.get(reverse("accounts:card")).status_code == 200
    assert client.post(reverse("accounts:card"), {"work_phone": "1390000"}).status_code == 400
    response = client.post(reverse("accounts:card"), {"work_phone": "13966667777", "photo": jpeg()})
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.work_phone == "13966667777" and worker.photo
