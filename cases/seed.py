"""The starting category tree: national 部件/事件 classes and community governance classes.

Used by the data migration (with the historical model) and by tests whose database
was flushed. Administrators edit the tree afterwards in the admin.
"""

from __future__ import annotations

from typing import Any

EH, WH, WD = "emergency_hours", "working_hours", "working_days"
# (code, name, kind, first level, department, accept (n, unit), handle (n, unit), dispute)
TOP = [
    ("B01", "公用设施", "component"),
    ("B02", "道路交通设施", "component"),
    ("B03", "市容环境设施", "component"),
    ("B04", "园林绿化设施", "component"),
    ("B05", "其他部件", "component"),
    ("S01", "市容环境", "event"),
    ("S02", "宣传广告", "event"),
    ("S03", "施工管理", "event"),
    ("S04", "突发事件", "event"),
    ("S05", "街面秩序", "event"),
    ("S06", "扩展事件", "event"),
    ("Z01", "矛盾纠纷", "governance"),
    ("Z02", "安全隐患", "governance"),
    ("Z03", "物业管理", "governance"),
    ("Z04", "民生诉求", "governance"),
    ("Z05", "特殊人群关爱", "governance"),
]
LEAVES = [
    ("B0101", "井盖缺失", 1, "市政管理处", (1, EH), (2, EH), False),
    ("B0102", "井盖破损", 1, "市政管理处", (2, WH), (4, WH), False),
    ("B0103", "路灯损坏", 1, "市政管理处", (2, WH), (2, WD), False),
    ("B0201", "交通标志损坏", 2, "交警大队", (2, WH), (3, WD), False),
    ("B0202", "道路护栏损坏", 2, "交通运输局", (2, WH), (3, WD), False),
    ("B0301", "垃圾箱满溢破损", 0, "环卫所", (2, WH), (1, WD), False),
    ("B0302", "公厕设施损坏", 1, "环卫所", (2, WH), (2, WD), False),
    ("B0401", "行道树倒伏", 1, "园林绿化中心", (1, EH), (4, EH), False),
    ("B0402", "绿地毁损", 1, "园林绿化中心", (2, WH), (3, WD), False),
    ("B0501", "其他部件问题", 1, "", (2, WH), (5, WD), False),
    ("S0101", "暴露垃圾", 0, "环卫所", (2, WH), (4, WH), False),
    ("S0102", "乱堆物料", 0, "", (2, WH), (1, WD), False),
    ("S0201", "非法小广告", 0, "", (2, WH), (1, WD), False),
    ("S0301", "施工扰民", 1, "住建局", (2, WH), (2, WD), False),
    ("S0302", "道路遗撒", 1, "综合行政执法局", (2, WH), (4, WH), False),
    ("S0401", "路面塌陷", 3, "住建局", (1, EH), (2, EH), False),
    ("S0402", "燃气泄漏", 3, "燃气公司", (1, EH), (1, EH), False),
    ("S0501", "占道经营", 0, "综合行政执法局", (2, WH), (1, WD), False),
    ("S0502", "乱停车", 0, "交警大队", (2, WH), (4, WH), False),
    ("S0601", "其他事件", 1, "", (2, WH), (3, WD), False),
    ("Z0101", "邻里纠纷", 0, "司法所", (1, WD), (5, WD), True),
    ("Z0102", "物业纠纷", 1, "住建局", (1, WD), (5, WD), True),
    ("Z0103", "家庭纠纷", 0, "妇联", (1, WD), (5, WD), True),
    ("Z0104", "劳资纠纷", 2, "人力社保局", (1, WD), (10, WD), True),
    ("Z0201", "消防通道堵塞", 0, "消防救援大队", (2, WH), (1, WD), False),
    ("Z0202", "电动车违规充电", 0, "消防救援大队", (2, WH), (1, WD), False),
    ("Z0203", "高空坠物隐患", 0, "", (2, WH), (1, WD), False),
    ("Z0301", "电梯故障", 1, "市场监管局", (2, WH), (4, WH), False),
    ("Z0302", "小区环境卫生", 0, "", (2, WH), (2, WD), False),
    ("Z0401", "求助咨询", 0, "", (1, WD), (2, WD), False),
    ("Z0402", "政策咨询", 1, "", (1, WD), (2, WD), False),
    ("Z0501", "独居老人关怀", 0, "民政办", (1, WD), (1, WD), False),
    ("Z0502", "困难帮扶", 1, "民政办", (1, WD), (3, WD), False),
]


def seed_categories(Category: Any) -> int:
    """Create the starting tree if the table is empty; returns how many were made."""
    if Category.objects.exists():
        return 0
    tops = {}
    for code, name, kind in TOP:
        tops[code] = Category.objects.create(code=code, name=name, kind=kind, first_level=0)
    for code, name, level, dept, (an, au), (hn, hu), dispute in LEAVES:
        parent = tops[code[:3]]
        Category.objects.create(
            code=code,
            name=name,
            parent=parent,
            kind=parent.kind,
            first_level=level,
            department=dept,
            accept_limit=an,
            accept_unit=au,
            handle_limit=hn,
            handle_unit=hu,
            is_dispute=dispute,
        )
    return len(TOP) + len(LEAVES)
