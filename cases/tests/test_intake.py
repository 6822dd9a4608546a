import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from areas.models import Area
from cases.actions import do_report_case, do_support_case, find_duplicates
from cases.models import Case, CasePhoto, CaseTransition, Channel, Supporter
from cases.tests.helpers import EAST, WEST, category, jpeg, report
from cases.workflow import Level, Status
from core.models import Notification
from core.refusal import Forbidden, Refusal


def test_it_routes_a_point_to_its_grid_and_tells_the_desk(world: Any) -> None:
    case = report(world)
    assert case.area == world.east_grid
    assert case.area_code == world.east_grid.code
    assert not case.outside_grid
    assert case.status == Status.REPORTED
    assert case.transitions.get().action == "report"
    assert Notification.objects.filter(user=world.users["community_staff"]).count() == 0
    # S0101 starts at grid level; the grid's desk is the grid head (none here), so a
    # community-level category notifies the community staff.
    c2 = report(world, code="B0102")
    assert c2.level == Level.COMMUNITY
    assert Notification.objects.filter(user=world.users["community_staff"]).count() == 1


def test_it_routes_outside_every_grid_to_the_community_or_subdistrict_flagged(world: Any) -> None:
    case = report(world, at=(120.63, 28.03))
    assert case.area == world.subdistrict
    assert case.outside_grid
    assert case.level == Level.SUBDISTRICT
    extra = Area.objects.create(
        code="330324001003",
        name="北社区",
        level="community",
        parent=world.subdistrict,
        boundary={
            "type": "Polygon",
            "coordinates": [
                [[120.6, 28.02], [120.62, 28.02], [120.62, 28.04], [120.6, 28.04], [120.6, 28.02]]
            ],
        },
    )
    case2 = report(world, at=(120.61, 28.03))
    assert case2.area == extra
    assert case2.outside_grid
    assert case2.level == Level.COMMUNITY


def test_it_routes_an_address_through_its_building(world: Any) -> None:
    case = do_report_case(
        actor=world.users["resident"],
        category=category(),
        description="楼道堆物",
        building=world.west_building,
    )
    assert case.area == world.west_grid
    assert case.address
    assert (case.lon, case.lat) == (world.west_building.lon, world.west_building.lat)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"lon": 200, "lat": 28.0}, "location"),
        ({"lon": "abc", "lat": 28.0}, "location"),
        ({"lon": float("nan"), "lat": 28.0}, "location"),
        ({"lon": None, "lat": None}, "location"),
        ({"lon": 10.0, "lat": 10.0}, "location"),
        ({"lon": 0, "lat": 0}, "location"),
        ({"lon": 0.0, "lat": "0"}, "location"),
        ({"category": "NOPE"}, "category"),
        ({"description": "   "}, "description"),
        ({"description": "长" * 4001}, "description"),
        ({"channel": "pigeon"}, "channel"),
    ],
)
def test_it_refuses_bad_input_and_stores_nothing(world: Any, kwargs: dict, field: str) -> None:
    args: dict[str, Any] = {
        "actor": world.users["resident"],
        "category": category(),
        "description": "垃圾",
        "lon": EAST[0],
        "lat": EAST[1],
    }
    args.update(kwargs)
    with pytest.raises(Refusal) as exc:
        do_report_case(**args)
    assert exc.value.field == field
    assert exc.value.message
    assert Case.objects.count() == 0
    assert CaseTransition.objects.count() == 0


def test_it_keeps_the_gps_of_a_photo_and_strips_other_exif(world: Any) -> None:
    case = report(world, photos=[jpeg()])
    photo = case.photos.get()
    assert photo.content_type == "image/jpeg"
    assert photo.gps_lat == pytest.approx(28.005, abs=1e-4)
    assert photo.gps_lon == pytest.approx(120.63, abs=1e-4)
    with photo.image.open("rb") as f:
        stored = Image.open(io.BytesIO(f.read()))
        exif = stored.getexif()
    assert 0x010F not in exif and 0x0131 not in exif
    assert exif.get_ifd(0x8825)[1] == "N"


def test_it_refuses_non_images_oversize_and_too_many_photos_storing_nothing(
    world: Any, settings: Any
) -> None:
    fake = SimpleUploadedFile("x.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(Refusal, match="不是可识别的图片"):
        report(world, photos=[jpeg(), fake])
    settings.LINLI_PHOTO_MAX_BYTES = 1000
    with pytest.raises(Refusal, match="MB"):
        report(world, photos=[jpeg(size=(800, 600))])
    settings.LINLI_PHOTO_MAX_BYTES = 8 * 1024 * 1024
    with pytest.raises(Refusal, match="4"):
        report(world, photos=[jpeg() for _ in range(5)])
    assert Case.objects.count() == 0
    assert CasePhoto.objects.count() == 0


def test_it_returns_the_same_case_for_a_retried_idempotency_key(world: Any) -> None:
    first = report(world, idempotency_key="phone-abc-1")
    again = report(world, idempotency_key="phone-abc-1")
    assert again.pk == first.pk and again.replayed and not first.replayed
    other = report(world, actor=world.users["grid_worker"], idempotency_key="phone-abc-1")
    assert other.pk != first.pk
    assert Case.objects.count() == 2


def test_it_offers_open_duplicates_nearby_of_the_same_category(world: Any) -> None:
    first = report(world)
    report(world, code="S0102")  # other category
    report(world, at=(EAST[0] + 0.005, EAST[1]))  # ~490 m away
    found = find_duplicates(category(), EAST[0] + 0.0005, EAST[1])  # ~50 m away
    assert [c.pk for c in found] == [first.pk]
    assert found[0].distance < 100


def test_it_adds_me_too_once(world: Any) -> None:
    case = report(world)
    do_support_case(case, actor=world.users["grid_worker"])
    with pytest.raises(Refusal):
        do_support_case(case, actor=world.users["grid_worker"])
    with pytest.raises(Refusal):
        do_support_case(case, actor=world.users["resident"])
    assert Supporter.objects.count() == 1


def test_it_takes_hotline_calls_only_from_desk_staff_of_the_area(world: Any) -> None:
    staff = world.users["community_staff"]
    case = report(
        world,
        actor=staff,
        channel=Channel.HOTLINE_12345,
        caller_name="王先生",
        caller_phone="13911112222",
    )
    assert case.reporter is None and case.created_by == staff
    assert case.reporter_label == "王先生"
    with pytest.raises(Refusal, match="电话"):
        report(world, actor=staff, channel=Channel.HOTLINE_12345)
    with pytest.raises(Forbidden):
        report(
            world, actor=staff, at=WEST, channel=Channel.HOTLINE_96345, caller_phone="13911112222"
        )


def test_it_dispatches_a_patrol_report_to_the_worker(world: Any) -> None:
    worker = world.users["grid_worker"]
    case = report(world, actor=worker, channel=Channel.PATROL)
    assert case.status == Status.DISPATCHED
    assert case.handler == worker and case.owner == worker
    assert case.handle_due is not None
    with pytest.raises(Forbidden):
        report(world, actor=worker, channel=Channel.PATROL, at=WEST)


def test_it_closes_an_on_the_spot_resolution_at_grid_level_at_once(world: Any) -> None:
    worker = world.users["grid_worker"]
    case = report(
        world,
        actor=worker,
        channel=Channel.PATROL,
        resolve_on_spot=True,
        photos=[jpeg()],
        after_photos=[jpeg(gps=False)],
        note="当场清理",
    )
    assert case.status == Status.CLOSED
    assert case.closed_level == Level.GRID and case.resolved_on_spot
    assert sorted(case.photos.values_list("stage", flat=True)) == ["after", "before"]
    assert [t.action for t in case.transitions.all()] == ["report", "resolve_on_spot"]
    with pytest.raises(Refusal, match="处置后"):
        report(world, actor=worker, channel=Channel.PATROL, resolve_on_spot=True)


def test_it_stores_the_report_rows_and_hands_the_desk_notice_by_key_to_an_outside_channel(
    world: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The store writes the timeline, audit and notice rows without reading their keys back,
    except the notices' when an outside channel's worker needs them."""
    from django_tasks import default_task_backend

    from core.models import AuditEntry

    settings.LINLI_NOTIFY_CHANNEL = "core.tests.test_notify.Flaky"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        case = report(world, code="B0102")
    notice = Notification.objects.get(user=world.users["community_staff"])
    assert notice.url == f"/cases/{case.pk}/"
    queued = [r.args[0] for r in default_task_backend.results]  # type: ignore[attr-defined]
    assert queued == [[notice.pk]]
    entry = AuditEntry.objects.get(action="case.report")
    assert entry.object_id == str(case.pk) and entry.object_repr.startswith(case.number)
    first = CaseTransition.objects.get(case=case)
    assert (first.action, first.to_status) == ("report", Status.REPORTED)
