"""Demo part of areas: the district tree, compounds, buildings, households, residents and staff
accounts; the roads and the river (`demo_geography`)."""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

from django.contrib.auth.hashers import make_password
from shapely.geometry import Point, box, mapping
from shapely.ops import split, unary_union

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from areas import demo_footprints, demo_geography, demo_services, demo_town
from areas.models import Area, AreaKind, Building, Compound, Household, Resident, ResidentTag
from areas.search import key_of
from core.bulk import insert_rows

DISTRICT_CODE = "330324"  # 永嘉县
SUBDISTRICT_CODE = DISTRICT_CODE + "001"  # 瓯北街道 (synthetic)
# The town's two subdistricts, either side of 东瓯大道 (the north-south main road that
# `demo_geography` draws across the whole frame): (code, name), west first.
SUBDISTRICTS = [(SUBDISTRICT_CODE, "瓯北街道"), (DISTRICT_CODE + "002", "东瓯街道")]
SPLIT_ROAD = "东瓯大道"
# Built-up area of about 15 km² on the north bank of the Ou river.
BOUNDS = (120.615, 28.020, 120.665, 28.052)
COMMUNITIES = 27
OLD_GRIDS = 112
HOUSEHOLDS = 78_000
PEOPLE_PER_HOUSEHOLD = 2.82

COMMUNITY_NAMES = [
    "江北",
    "罗浮",
    "东瓯",
    "浦西",
    "礁下",
    "码道",
    "五星",
    "新桥",
    "黄田",
    "千石",
    "堡一",
    "堡二",
    "浦东",
    "三江",
    "林垟",
    "双塔",
    "白水",
    "塘头",
    "渔田",
    "马岙",
    "港头",
    "西垟",
    "上塘",
    "桥头",
    "楠江",
    "龙桥",
    "永和",
]
COMPOUND_WORDS = ["花园", "家园", "新村", "公寓", "小区", "名苑", "雅苑", "华庭", "锦园", "嘉苑"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力国兰梅鑫宇浩凯志新亮林斌琳晨欣怡子涵雨轩博俊佳瑶宁思远海波云峰春燕"

# One demo account per role: (role, phone, name, level of the area it is held on).
DEMO_ACCOUNTS = [
    (Role.ADMIN, "13800000000", "管理员", "district"),
    (Role.DISTRICT_STAFF, "13800000001", "区级干部", "district"),
    (Role.SUBDISTRICT_STAFF, "13800000002", "街道干部", "subdistrict"),
    (Role.COMMUNITY_STAFF, "13800000003", "社区干部", "community"),
    (Role.GRID_WORKER, "13800000004", "专职网格员", "grid"),
    (Role.GRID_WORKER_PART, "13800000005", "兼职网格员", "grid"),
    (Role.GRID_HEAD, "13800000006", "网格长", "grid"),
    (Role.BUILDING_HEAD, "13800000007", "楼栋长", "grid"),
    (Role.DEPARTMENT_HANDLER, "13800000008", "部门处置人", "district"),
    (Role.PARTY_SECRETARY, "13800000009", "支部书记", "community"),
    (Role.VOLUNTEER, "13800000010", "志愿者", "community"),
    (Role.RESIDENT, "13800000011", "居民", "grid"),
    # The second subdistrict's staff: a district view has two offices to compare.
    (Role.SUBDISTRICT_STAFF, "13800000012", "东瓯街道干部", "second subdistrict"),
]


# 定岗网格 posts each worker with a duty (职责): what they answer for, not their role again.
DUTIES = {
    Role.GRID_WORKER: "日常管理、民意收集、纠纷调解",
    Role.GRID_WORKER_PART: "巡查上报、信息采集",
    Role.GRID_HEAD: "统筹网格、联系党员",
    Role.BUILDING_HEAD: "楼栋联络、通知传达",
}


def person_name(rng: Any) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def id_checksum(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]


def id_number(rng: Any, birth: dt.date, gender: str) -> str:
    seq = rng.randrange(0, 99) * 10 + (
        rng.choice((1, 3, 5, 7, 9)) if gender == "M" else rng.choice((0, 2, 4, 6, 8))
    )
    first17 = f"{DISTRICT_CODE}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_checksum(first17)


def phone_number(rng: Any) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def _communities(
    ctx: Any, subdistricts: list[tuple[Area, Any]], network: demo_geography.Network
) -> list[tuple[Area, Any, list[Any]]]:
    """Communities as unions of neighbouring blocks between the roads (demo_town), each in the
    subdistrict on its side of the split road (no block crosses a road)."""
    rng = random.Random(f"linli-demo-town-{ctx.seed}")
    regions = demo_town.communities(network.blocks, COMMUNITIES, rng)
    shaped = []
    for r in regions:
        cell = unary_union([network.blocks[i] for i in r])
        inside = cell.representative_point()
        side = next(
            (n for n, (_s, half) in enumerate(subdistricts) if half.covers(inside)),
            max(range(len(subdistricts)), key=lambda n: subdistricts[n][1].intersection(cell).area),
        )
        shaped.append((side, cell, [network.blocks[i] for i in r]))
    # Numbered by subdistrict, then north→south, west→east within it.
    shaped.sort(key=lambda s: (s[0], -round(s[1].centroid.y, 2), s[1].centroid.x))
    out = []
    seq = {n: 0 for n in range(len(subdistricts))}
    for i, (side, cell, blocks) in enumerate(shaped, start=1):
        subdistrict = subdistricts[side][0]
        seq[side] += 1
        area = Area.objects.create(
            code=f"{subdistrict.code}{seq[side]:03d}",
            name=f"{COMMUNITY_NAMES[i - 1] if i <= len(COMMUNITY_NAMES) else f'第{i}'}社区",
            level="community",
            parent=subdistrict,
            kind=AreaKind.ADMINISTRATIVE,
            boundary=mapping(cell),
        )
        out.append((area, cell, blocks))
    return out


def _halves(network: demo_geography.Network) -> list[Any]:
    """The frame cut along the split road: the west part, then the east."""
    line = next(line for name, _cls, line in network.through if name == SPLIT_ROAD)
    parts = sorted(split(network.frame, line).geoms, key=lambda g: g.centroid.x)
    if len(parts) != len(SUBDISTRICTS):  # the road always crosses the frame; never expected
        raise ValueError(f"{SPLIT_ROAD} cuts the frame into {len(parts)} parts")
    return parts


# Compounds keep this far (degrees, about 30 m) off the roads around their block, and their
# centres about 150 m apart where the block has room.
SETBACK = 0.0003
SPACING = 0.0014


def _inside(rng: Any, shape: Any) -> tuple[float, float]:
    minx, miny, maxx, maxy = shape.bounds
    for _ in range(200):
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if shape.contains(Point(x, y)):
            return x, y
    p = shape.representative_point()
    return p.x, p.y


def _buildings_for(
    ctx: Any, community: Area, blocks: list[Any], target: int, compound_seq: list[int]
) -> list[Building]:
    """Compounds of clustered buildings in the community's blocks (each compound within one
    block, off its roads) until `target` dwellings."""
    rng = ctx.rng
    weights = [b.area for b in blocks]
    yards = [b.buffer(-SETBACK) for b in blocks]
    centres: list[tuple[float, float]] = []
    buildings: list[Building] = []
    total = 0
    while total < target:
        n_block = rng.choices(range(len(blocks)), weights=weights)[0]
        block = blocks[n_block]
        yard = yards[n_block] if not yards[n_block].is_empty else block
        for _ in range(12):
            cx, cy = _inside(rng, yard)
            if all(math.hypot(cx - x, cy - y) >= SPACING for x, y in centres):
                break
        centres.append((cx, cy))
        compound_seq[0] += 1
        n = compound_seq[0]
        compound = Compound.objects.create(
            code=f"{community.code}C{n:04d}",
            name=f"{rng.choice(COMMUNITY_NAMES)}{rng.choice(COMPOUND_WORDS)}",
            community=community,
            lon=round(cx, 6),
            lat=round(cy, 6),
            address=f"{community.name}{rng.randrange(1, 300)}号",
        )
        high_rise = rng.random() < 0.35
        for b in range(1, rng.randint(2, 14) + 1):
            if total >= target:
                break
            floors = rng.randint(11, 33) if high_rise else rng.randint(4, 7)
            entrances = rng.randint(1, 2) if high_rise else rng.randint(1, 4)
            per_floor = rng.choice((2, 4)) if high_rise else 2
            dwellings = min(floors * entrances * per_floor, target - total, 240)
            for _ in range(20):
                x = cx + rng.gauss(0, 0.00045)
                y = cy + rng.gauss(0, 0.00035)
                if yard.contains(Point(x, y)):
                    break
            else:
                x, y = cx, cy
            buildings.append(
                Building(
                    code=f"{compound.code}B{b:02d}",
                    name=f"{compound.name}{b}幢",
                    compound=compound,
                    community=community,
                    address=f"{compound.address} {compound.name}{b}幢",
                    lon=round(x, 6),
                    lat=round(y, 6),
                    floors=floors,
                    entrances=entrances,
                    households=max(dwellings, 1),
                )
            )
            total += max(dwellings, 1)
    return buildings


def _compound(building: Building) -> str:
    assert building.compound is not None  # every demo building is in a compound
    return building.compound.code


def _grids(
    community: Area, blocks: list[Any], buildings: list[Building], k: int, rng: random.Random
) -> list[Area]:
    """Old grids drawn by hand: runs of whole compounds through the blocks, uneven (demo_town)."""
    placed = [demo_town.Placed(b, b.lon, b.lat, b.households, _compound(b)) for b in buildings]
    grids = []
    for i, (group, shape) in enumerate(demo_town.old_grids(blocks, placed, k, rng)):
        grid = Area.objects.create(
            code=f"{community.code}{i + 1:03d}",
            name=f"{community.name}第{i + 1}网格",
            level="grid",
            parent=community,
            kind=AreaKind.RESIDENTIAL,
            boundary=mapping(shape) if shape is not None else None,
        )
        grids.append(grid)
        for p in group:
            p.key.grid = grid
    return grids


def _grid_counts(households: list[int], caps: list[int], total: int) -> list[int]:
    """`total` grids shared among communities by their households (largest remainder), none
    with more grids than compounds (`caps`); what a capped community cannot take goes to the
    others with room, the most crowded first."""
    whole = sum(households)
    exact = [total * h / whole for h in households]
    counts = [max(1, math.floor(e)) for e in exact]
    by_rest = sorted(range(len(exact)), key=lambda i: exact[i] - math.floor(exact[i]), reverse=True)
    for i in by_rest[: max(0, total - sum(counts))]:
        counts[i] += 1
    counts = [min(c, cap) for c, cap in zip(counts, caps, strict=True)]
    while sum(counts) < total:
        room = [i for i in range(len(counts)) if counts[i] < caps[i]]
        if not room:
            break
        counts[max(room, key=lambda i: households[i] / counts[i])] += 1
    return counts


def generate(ctx: Any) -> None:
    rng = ctx.rng
    scale = ctx.scale
    district = Area.objects.create(code=DISTRICT_CODE, name="永嘉县", level="district")
    frame = box(*BOUNDS)
    district.boundary = mapping(frame)
    district.save(update_fields=["boundary"])
    network = demo_geography.Network(ctx.seed, BOUNDS)
    halves = _halves(network)
    subdistricts = [
        (
            Area.objects.create(
                code=code,
                name=name,
                level="subdistrict",
                parent=district,
                boundary=mapping(half),
            ),
            half,
        )
        for (code, name), half in zip(SUBDISTRICTS, halves, strict=True)
    ]
    subdistrict = subdistricts[0][0]
    shaped = _communities(ctx, subdistricts, network)
    communities = [(c, cell) for c, cell, _blocks in shaped]
    # Footprints keep off the lanes and off the streets' dangling ends inside a block (a street
    # that stops short of a crossing bounds no block).
    lanes = unary_union(
        [line for _n, _home, line in network.lanes(communities)]
        + [line for _n, _cls, line in network.through]
    )
    total_households = max(int(HOUSEHOLDS * scale), 30 * COMMUNITIES)
    # Households follow the land a little and the draw a lot: old villages are dense.
    mean_area = sum(cell.area for _c, cell, _b in shaped) / len(shaped)
    weights = [
        rng.uniform(0.6, 1.4) * (0.5 + 0.5 * cell.area / mean_area) for _c, cell, _b in shaped
    ]
    all_grids: list[Area] = []
    all_buildings: list[Building] = []
    compound_seq = [0]
    footprints = 0
    per_community = []
    for (community, _cell, blocks), w in zip(shaped, weights, strict=True):
        target = max(int(total_households * w / sum(weights)), 20)
        buildings = _buildings_for(ctx, community, blocks, target, compound_seq)
        footprints += demo_footprints.draw(buildings, blocks, lanes)
        per_community.append(buildings)
    counts = _grid_counts(
        [sum(b.households for b in bs) for bs in per_community],
        # An office draws no more grids than the community has compounds.
        [len({_compound(b) for b in bs}) for bs in per_community],
        OLD_GRIDS,
    )
    town_rng = random.Random(f"linli-demo-grids-{ctx.seed}")
    for (community, _cell, blocks), buildings, k in zip(shaped, per_community, counts, strict=True):
        all_grids.extend(_grids(community, blocks, buildings, k, town_rng))
        all_buildings.extend(buildings)
    Building.objects.bulk_create(all_buildings, batch_size=2000)
    ctx.log(
        f"areas: {len(communities)} communities, {len(all_grids)} grids,"
        f" {len(all_buildings)} buildings ({footprints} with footprints)"
    )
    roads, water = network.save(subdistricts, district, communities)
    ctx.log(f"areas: {len(roads)} roads, {len(water)} water bodies")
    offices = demo_services.generate(ctx.seed, network, shaped, subdistricts)
    ctx.data["offices"] = offices

    households: list[Household] = []
    for b in all_buildings:
        per_entrance = math.ceil(b.households / b.entrances)
        per_floor = max(1, math.ceil(per_entrance / b.floors))
        for n in range(b.households):
            entrance, rest = divmod(n, per_entrance)
            floor, unit = divmod(rest, per_floor)
            room = f"{floor + 1}{unit + 1:02d}"
            households.append(
                Household(
                    code=f"{b.code}H{n + 1:04d}",
                    building=b,
                    grid=b.grid,
                    entrance=entrance + 1,
                    floor=floor + 1,
                    room=room,
                    address=f"{b.name}{entrance + 1}单元{room}室",
                )
            )
    Household.objects.bulk_create(households, batch_size=5000)
    ctx.log(f"areas: {len(households)} households")

    residents: list[tuple[Any, ...]] = []
    today = dt.date(2026, 1, 1)
    for h in households:
        size = max(1, min(6, round(rng.gauss(PEOPLE_PER_HOUSEHOLD, 1.1))))
        alone_elderly = size == 1 and rng.random() < 0.3
        for p in range(size):
            gender = rng.choice("MF")
            age = (
                rng.randint(66, 92)
                if alone_elderly
                else (rng.randint(25, 75) if p == 0 else rng.randint(1, 85))
            )
            birth = today - dt.timedelta(days=age * 365 + rng.randrange(365))
            tags = []
            if alone_elderly:
                tags.append(ResidentTag.ELDERLY_ALONE.value)
            r = rng.random()
            if r < 0.015:
                tags.append(ResidentTag.LOW_INCOME.value)
            elif r < 0.025:
                tags.append(ResidentTag.DISABLED.value)
            elif r < 0.03 and age > 35:
                tags.append(ResidentTag.VETERAN.value)
            name = person_name(rng)
            phone = phone_number(rng) if age >= 14 else ""
            number = id_number(rng, birth, gender)
            residents.append(
                (
                    f"{h.code}P{p + 1}",
                    h.pk,
                    name,
                    gender,
                    birth,
                    phone,
                    number,
                    tags,
                    p == 0,
                    key_of(name, phone, number),
                )
            )
    insert_rows(
        Resident,
        [
            "code",
            "household_id",
            "name",
            "gender",
            "birth_date",
            "phone",
            "id_number",
            "tags",
            "is_head",
            "search_key",
        ],
        residents,
    )
    ctx.log(f"areas: {len(residents)} residents")
    ctx.data.update(
        district=district,
        # The demo accounts' subdistrict (瓯北, the west one) and both.
        subdistrict=subdistrict,
        subdistricts=[s for s, _half in subdistricts],
        communities=[c for c, _cell in communities],
        grids=all_grids,
        roads=roads,
        water=water,
    )
    _people(ctx, district, [s for s, _half in subdistricts], [c for c, _ in communities], all_grids)


def _people(
    ctx: Any, district: Area, subdistricts: list[Area], communities: list[Area], grids: list[Area]
) -> None:
    """Demo accounts per role, plus a grid worker on every grid and staff in every community
    and subdistrict."""
    rng = ctx.rng
    password = make_password(ctx.data.get("password", "linli-demo"))
    first_community = communities[0]
    first_grid = next(g for g in grids if g.parent_id == first_community.pk)
    on_level = {
        "district": district,
        "subdistrict": subdistricts[0],
        "second subdistrict": subdistricts[-1],
        "community": first_community,
        "grid": first_grid,
    }
    users: dict[str, User] = {}
    users_made: list[User] = []
    # The demo resident lives in the demo worker's grid, in a building drawn with its footprint.
    heads = Resident.objects.filter(household__grid=first_grid, is_head=True).order_by("code")
    resident = heads.filter(household__building__footprint__isnull=False).first() or heads.first()
    for role, phone, name, level in DEMO_ACCOUNTS:
        user = User.objects.create(
            phone=phone,
            name=name,
            password=password,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
            resident=resident if role == Role.RESIDENT else None,
            # 定岗网格's published work phone (a 177 line), apart from the login phone.
            work_phone=f"177{phone[3:]}" if role in (Role.GRID_WORKER, Role.GRID_HEAD) else "",
        )
        if role == Role.RESIDENT and resident is not None:
            user.name = resident.name
            user.save(update_fields=["name"])
        RoleAssignment.objects.create(
            user=user, role=role, area=on_level[level], duty=DUTIES.get(role, "")
        )
        users.setdefault(str(role), user)  # the first of a role is the demo's
        users_made.append(user)
    # The demo resident can also volunteer; the volunteer lives in the first grid too.
    staff: list[tuple[User, str, Area, str]] = []
    seq = 100
    for community in communities:
        for duty in ("书记", "副主任", "社工"):
            seq += 1
            staff.append(
                (
                    User(phone=f"139{seq:08d}", name=person_name(rng), password=password),
                    Role.COMMUNITY_STAFF,
                    community,
                    duty,
                )
            )
    for grid in grids:
        seq += 1
        staff.append(
            (
                User(
                    phone=f"139{seq:08d}",
                    name=person_name(rng),
                    password=password,
                    work_phone=f"177{seq:08d}",
                ),
                Role.GRID_WORKER,
                grid,
                DUTIES[Role.GRID_WORKER],
            )
        )
        seq += 1
        staff.append(
            (
                User(phone=f"139{seq:08d}", name=person_name(rng), password=password),
                Role.GRID_WORKER_PART,
                grid,
                DUTIES[Role.GRID_WORKER_PART],
            )
        )
    for subdistrict in subdistricts:
        for duty in ("党工委副书记", "综治办主任"):
            seq += 1
            staff.append(
                (
                    User(phone=f"139{seq:08d}", name=person_name(rng), password=password),
                    Role.SUBDISTRICT_STAFF,
                    subdistrict,
                    duty,
                )
            )
    User.objects.bulk_create([s[0] for s in staff], batch_size=1000)
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=u, role=role, area=area, duty=duty) for u, role, area, duty in staff],
        batch_size=1000,
    )
    ctx.data["users"] = users
    ctx.data["second_subdistrict_staff"] = next(
        (u for u in users_made if u.phone == "13800000012"), None
    )
    # The demo accounts' places on the map: the resident's building, the worker's grid, the
    # community's office (its party-mass service centre).
    ctx.data["places"] = {
        "building": resident.household.building if resident else None,
        "grid": first_grid,
        "office": ctx.data.get("offices", {}).get(first_community.pk),
    }
    ctx.log(f"accounts: {len(users) + len(staff)} users")


def describe(ctx: Any) -> list[str]:
    lines = ["", "linli demo accounts (password: linli-demo):"]
    for role, phone, _name, level in DEMO_ACCOUNTS:
        lines.append(f"  {phone}  {Role(role).label!s:<28} on a {level}")
    return lines + _places()


def _places() -> list[str]:
    """Where the demo accounts are on the map (when the demo is loaded)."""
    from areas.models import ServiceKind, ServicePoint

    resident = Resident.objects.filter(user__phone="13800000011").select_related(
        "household__building"
    )
    posting = (
        RoleAssignment.objects.filter(user__phone="13800000004").select_related("area").first()
    )
    staff = RoleAssignment.objects.filter(user__phone="13800000003").select_related("area").first()
    lines = []
    if posting:
        grid = posting.area
        lines.append(f"  The grid worker's grid: {grid.name} (/areas/a/{grid.code}/)")
    if found := resident.first():
        building = found.household.building
        lines.append(f"  The resident's building: {building.name} (/areas/b/{building.code}/)")
    if staff:
        office = ServicePoint.objects.filter(area=staff.area, kind=ServiceKind.PARTY_CENTRE).first()
        if office:
            lines.append(f"  The community office: {office.name} ({office.lon}, {office.lat})")
    return [""] + lines if lines else []
