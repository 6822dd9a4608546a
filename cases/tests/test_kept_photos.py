"""随手拍 on a weak signal: a refused report keeps the photos that passed their own checks, as
the user's pending uploads (unguessable tokens, shown as thumbnails, expiring), and the
corrected report stores them without choosing them again."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import kept_photos
from cases.models import Case, CasePhoto
from cases.tests.helpers import EAST, jpeg

TOKENS = re.compile(r'name="kept_photos" value="([^"]+)"')


def _refused(client: Any, **extra: Any) -> str:
    """A report without a location, with two photos and a file that is no image."""
    data = {
        "category": "S0101",
        "description": "井盖松动",
        "idempotency_key": "weak-1",
        "photos": [jpeg(name="a.jpg"), jpeg(name="b.jpg"), SimpleUploadedFile("n.txt", b"no")],
        **extra,
    }
    page = client.post("/cases/report/", data)
    assert page.status_code == 200 and not Case.objects.exists()
    return str(page.content.decode())


def _located(tokens: list[str]) -> dict[str, Any]:
    return {
        "category": "S0101",
        "description": "井盖松动",
        "idempotency_key": "weak-1",
        "lon": str(EAST[0]),
        "lat": str(EAST[1]),
        "kept_photos": tokens,
    }


def test_a_refused_report_keeps_its_photos_and_the_corrected_one_stores_them(
    world: Any, login: Any
) -> None:
    client = login(world.users["grid_worker"])
    body = _refused(client)
    assert "请给出位置" in body
    assert "井盖松动" in body  # the text was kept before; the photos now are too
    tokens = TOKENS.findall(body)
    assert len(tokens) == 2 and len(set(tokens)) == 2
    assert body.count('src="data:image/jpeg;base64,') == 2 and "您的照片已保留" in body
    answer = client.post("/cases/report/", _located(tokens))
    assert answer.status_code == 302
    case = Case.objects.get()
    assert CasePhoto.objects.filter(case=case, stage="report").count() == 2
    # The kept files are gone once used.
    assert kept_photos.load(world.users["grid_worker"], tokens) == ([], [])


def test_it_adds_new_photos_to_the_kept_ones_and_leaves_out_an_unticked_one(
    world: Any, login: Any
) -> None:
    client = login(world.users["grid_worker"])
    tokens = TOKENS.findall(_refused(client))
    data = _located(tokens[:1])
    data.pop("lon")
    data["photos"] = [jpeg(name="c.jpg")]
    again = client.post("/cases/report/", data).content.decode()
    assert len(TOKENS.findall(again)) == 2 and tokens[0] in again and tokens[1] not in again
    client.post("/cases/report/", _located(TOKENS.findall(again)))
    assert CasePhoto.objects.filter(case=Case.objects.get()).count() == 2


def test_nobody_else_can_use_the_tokens(world: Any, login: Any) -> None:
    tokens = TOKENS.findall(_refused(login(world.users["grid_worker"])))
    other = login(world.users["resident"])
    assert other.post("/cases/report/", _located(tokens)).status_code == 302
    assert not CasePhoto.objects.exists()
    # Nor can a token reach outside the user's folder.
    assert kept_photos.load(world.users["resident"], ["../1/" + tokens[0]]) == ([], [])


def test_kept_photos_expire(world: Any, login: Any, settings: Any) -> None:
    settings.LINLI_KEPT_PHOTO_HOURS = 24
    start = dt.datetime(2026, 12, 6, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        tokens = TOKENS.findall(_refused(login(world.users["grid_worker"])))
    worker = world.users["grid_worker"]
    with time_machine.travel(start + dt.timedelta(hours=23), tick=False):
        assert len(kept_photos.load(worker, tokens)[0]) == 2
    with time_machine.travel(start + dt.timedelta(hours=25), tick=False):
        assert kept_photos.load(worker, tokens) == ([], [])
        kept_photos.forget_expired()
    _dirs, files = default_storage.listdir(f"{kept_photos.FOLDER}/{worker.pk}")
    assert files == []


def test_a_patrol_report_keeps_its_photos_after_the_fix_too(world: Any, login: Any) -> None:
    client = login(world.users["grid_worker"])
    data = {
        "category": "S0101",
        "description": "井盖松动",
        "resolve_on_spot": "on",
        "note": "已复位",
        "photos": [jpeg(name="a.jpg")],
        "after_photos": [jpeg(name="b.jpg")],
    }
    body = client.post("/cases/patrol/", data).content.decode()
    before = TOKENS.findall(body)
    after = re.findall(r'name="kept_after_photos" value="([^"]+)"', body)
    assert len(before) == 1 and len(after) == 1
    located = {k: v for k, v in data.items() if "photos" not in k}
    located.update(lon=str(EAST[0]), lat=str(EAST[1]), kept_photos=before, kept_after_photos=after)
    assert client.post("/cases/patrol/", located).status_code == 302
    stages = sorted(CasePhoto.objects.values_list("stage", flat=True))
    assert stages == ["after", "before"] and Case.objects.get().status == "closed"
