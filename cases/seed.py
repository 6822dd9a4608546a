"""The starting category tree: national 部件/事件 classes and community governance classes,
each with its Chinese name and its English name.

Used by the data migrations (with the historical model) and by tests whose database
was flushed. Administrators edit the tree afterwards in the admin.
"""

from __future__ import annotations

from typing import Any

EH, WH, WD = "emergency_hours", "working_hours", "working_days"
# (code, name, English name, kind)
# (code, name, English name, first level, department, accept (n, unit), handle (n, unit), dispute)
# fmt: off
TOP = [
    ("B01", "公用设施", "Public facilities", "component"),
    ("B02", "道路交通设施", "Road traffic facilities", "component"),
    ("B03", "市容环境设施", "City appearance and environment facilities", "component"),
    ("B04", "园林绿化设施", "Landscaping and greening facilities", "component"),
    ("B05", "其他部件", "Other components", "component"),
    ("S01", "市容环境", "City appearance and environment", "event"),
    ("S02", "宣传广告", "Publicity and advertising", "event"),
    ("S03", "施工管理", "Construction management", "event"),
    ("S04", "突发事件", "Emergencies", "event"),
    ("S05", "街面秩序", "Street order", "event"),
    ("S06", "扩展事件", "Extended events", "event"),
    ("Z01", "矛盾纠纷", "Disputes", "governance"),
    ("Z02", "安全隐患", "Safety hazards", "governance"),
    ("Z03", "物业管理", "Property management", "governance"),
    ("Z04", "民生诉求", "Livelihood requests", "governance"),
    ("Z05", "特殊人群关爱", "Care for special groups", "governance"),
]
LEAVES = [
    ("B0101", "井盖缺失", "Missing manhole cover", 1, "市政管理处", (1, EH), (2, EH), False),
    ("B0102", "井盖破损", "Damaged manhole cover", 1, "市政管理处", (2, WH), (4, WH), False),
    ("B0103", "路灯损坏", "Broken street light", 1, "市政管理处", (2, WH), (2, WD), False),
    ("B0201", "交通标志损坏", "Damaged traffic sign", 2, "交警大队", (2, WH), (3, WD), False),
    ("B0202", "道路护栏损坏", "Damaged road guardrail", 2, "交通运输局", (2, WH), (3, WD), False),
    ("B0301", "垃圾箱满溢破损", "Overflowing or damaged litter bin", 0, "环卫所", (2, WH), (1, WD), False),
    ("B0302", "公厕设施损坏", "Damaged public toilet facilities", 1, "环卫所", (2, WH), (2, WD), False),
    ("B0401", "行道树倒伏", "Fallen street tree", 1, "园林绿化中心", (1, EH), (4, EH), False),
    ("B0402", "绿地毁损", "Damaged green space", 1, "园林绿化中心", (2, WH), (3, WD), False),
    ("B0501", "其他部件问题", "Other component problems", 1, "", (2, WH), (5, WD), False),
    ("S0101", "暴露垃圾", "Exposed rubbish", 0, "环卫所", (2, WH), (4, WH), False),
    ("S0102", "乱堆物料", "Materials piled up at random", 0, "", (2, WH), (1, WD), False),
    ("S0201", "非法小广告", "Illegal small advertisements", 0, "", (2, WH), (1, WD), False),
    ("S0301", "施工扰民", "Construction disturbing residents", 1, "住建局", (2, WH), (2, WD), False),
    ("S0302", "道路遗撒", "Spillage on the road", 1, "综合行政执法局", (2, WH), (4, WH), False),
    ("S0401", "路面塌陷", "Road surface collapse", 3, "住建局", (1, EH), (2, EH), False),
    ("S0402", "燃气泄漏", "Gas leak", 3, "燃气公司", (1, EH), (1, EH), False),
    ("S0501", "占道经营", "Street trading on the roadway", 0, "综合行政执法局", (2, WH), (1, WD), False),
    ("S0502", "乱停车", "Illegal parking", 0, "交警大队", (2, WH), (4, WH), False),
    ("S0601", "其他事件", "Other events", 1, "", (2, WH), (3, WD), False),
    ("Z0101", "邻里纠纷", "Neighbour disputes", 0, "司法所", (1, WD), (5, WD), True),
    ("Z0102", "物业纠纷", "Property management disputes", 1, "住建局", (1, WD), (5, WD), True),
    ("Z0103", "家庭纠纷", "Family disputes", 0, "妇联", (1, WD), (5, WD), True),
    ("Z0104", "劳资纠纷", "Labour disputes", 2, "人力社保局", (1, WD), (10, WD), True),
    ("Z0201", "消防通道堵塞", "Blocked fire lane", 0, "消防救援大队", (2, WH), (1, WD), False),
    ("Z0202", "电动车违规充电", "Unsafe e-bike charging", 0, "消防救援大队", (2, WH), (1, WD), False),
    ("Z0203", "高空坠物隐患", "Risk of objects falling from height", 0, "", (2, WH), (1, WD), False),
    ("Z0301", "电梯故障", "Lift breakdown", 1, "市场监管局", (2, WH), (4, WH), False),
    ("Z0302", "小区环境卫生", "Compound cleanliness and sanitation", 0, "", (2, WH), (2, WD), False),
    ("Z0401", "求助咨询", "Requests for help", 0, "", (1, WD), (2, WD), False),
    ("Z0402", "政策咨询", "Policy enquiries", 1, "", (1, WD), (2, WD), False),
    ("Z0501", "独居老人关怀", "Care for elderly living alone", 0, "民政办", (1, WD), (1, WD), False),
    ("Z0502", "困难帮扶", "Help for people in hardship", 1, "民政办", (1, WD), (3, WD), False),
]
# fmt: on
# Categories about vulnerable people (Category.sensitive): never in a public feed.
SENSITIVE = frozenset({"Z0501", "Z0502"})
# The seeded departments' English names (Category.department_en).
DEPARTMENTS = {
    "市政管理处": "Municipal Administration Office",
    "交警大队": "Traffic Police Brigade",
    "交通运输局": "Transport Bureau",
    "环卫所": "Sanitation Station",
    "园林绿化中心": "Landscaping and Greening Centre",
    "住建局": "Housing and Urban-Rural Development Bureau",
    "综合行政执法局": "Administrative Law Enforcement Bureau",
    "燃气公司": "Gas Company",
    "司法所": "Judicial Office",
    "妇联": "Women's Federation",
    "人力社保局": "Human Resources and Social Security Bureau",
    "消防救援大队": "Fire and Rescue Brigade",
    "市场监管局": "Market Regulation Bureau",
    "民政办": "Civil Affairs Office",
}


def seed_categories(Category: Any) -> int:
    """Create the starting tree if the table is empty; returns how many were made.

    The historical model of the first seeding migration has no English names: they are left
    out there and filled in by `fill_english_names` and `fill_english_departments` in later
    migrations."""
    if Category.objects.exists():
        return 0
    fields = {f.name for f in Category._meta.get_fields()}

    def en(name_en: str) -> dict[str, str]:
        return {"name_en": name_en} if "name_en" in fields else {}

    def dept(department: str) -> dict[str, str]:
        if "department_en" in fields:
            return {"department": department, "department_en": DEPARTMENTS.get(department, "")}
        return {"department": department}

    tops = {}
    for code, name, name_en, kind in TOP:
        tops[code] = Category.objects.create(
            code=code, name=name, kind=kind, first_level=0, **en(name_en)
        )
    for code, name, name_en, level, department, (an, au), (hn, hu), dispute in LEAVES:
        parent = tops[code[:3]]
        Category.objects.create(
            code=code,
            name=name,
            **en(name_en),
            parent=parent,
            kind=parent.kind,
            first_level=level,
            **dept(department),
            accept_limit=an,
            accept_unit=au,
            handle_limit=hn,
            handle_unit=hu,
            is_dispute=dispute,
            **({"sensitive": code in SENSITIVE} if "sensitive" in fields else {}),
        )
    return len(TOP) + len(LEAVES)


def fill_english_names(Category: Any) -> int:
    """Give the seeded categories their English names where none is set and the Chinese name
    is still the seeded one (a renamed category keeps a blank English name: it falls back to
    its own name). Returns how many were filled."""
    seeded = {code: (name, name_en) for code, name, name_en, _kind in TOP}
    seeded |= {code: (name, name_en) for code, name, name_en, *_rest in LEAVES}
    filled = 0
    for c in Category.objects.filter(code__in=seeded, name_en=""):
        name, name_en = seeded[c.code]
        if c.name == name:
            c.name_en = name_en
            c.save(update_fields=["name_en"])
            filled += 1
    return filled


def fill_english_departments(Category: Any) -> int:
    """Give categories whose responsible department is one of the seeded ones (by its Chinese
    name, whichever category it is on) that department's English name where none is set.
    Returns how many were filled."""
    filled = 0
    for department, department_en in DEPARTMENTS.items():
        filled += Category.objects.filter(department=department, department_en="").update(
            department_en=department_en
        )
    return filled


def mark_sensitive(Category: Any) -> int:
    """Mark the seeded categories about vulnerable people sensitive (by code); returns how
    many were marked."""
    return Category.objects.filter(code__in=SENSITIVE, sensitive=False).update(sensitive=True)
