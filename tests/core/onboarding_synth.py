"""Generated onboarding workbooks: a city of `units` units and `staff` staff (bench and tests)."""

from __future__ import annotations

from datetime import date

from xiaoneng.core.onboarding import ORG_COLUMNS, STAFF_COLUMNS, workbook_for

ROLES = ["审核人员", "窗口受理人员", "部门负责人、审核人员", "社区工作人员", "reviewer"]
RANKS = ["科员", "科级", "处级", "ordinary"]


def organization_rows(units: int) -> list[dict]:
    """One city government, counties of 50 units each: a county government and its agencies."""
    rows = [{"name": "合成市人民政府", "kind": "政府", "level": 3, "region_code": "330100"}]
    county = ""
    for i in range(1, units):
        if i % 50 == 1:
            county = f"合成市第{i // 50 + 1}区人民政府"
            rows.append(
                {"name": county, "kind": "government", "level": 4, "parent": "合成市人民政府"}
            )
        else:
            rows.append({"name": f"{county}第{i}局", "kind": "部门", "level": 4, "parent": county})
    return rows


def staff_rows(units: list[dict], staff: int) -> list[dict]:
    agencies = [u["name"] for u in units if u.get("kind") == "部门"]
    return [
        {
            "real_name": f"员工{i}",
            "username": f"staff{i:06d}",
            "unit": agencies[i % len(agencies)],
            "roles": ROLES[i % len(ROLES)],
            "rank": RANKS[i % len(RANKS)],
            "post": f"岗位{i % 37}",
            "post_since": date(2015 + i % 10, 1 + i % 12, 1 + i % 28),
            "phone": f"139{i:08d}",
        }
        for i in range(staff)
    ]


def workbooks(units: int, staff: int) -> tuple[bytes, bytes]:
    orgs = organization_rows(units)
    return (
        workbook_for(ORG_COLUMNS, orgs, "单位"),
        workbook_for(STAFF_COLUMNS, staff_rows(orgs, staff), "人员"),
    )
