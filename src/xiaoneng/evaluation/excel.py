"""Excel import and export of an indicator tree (one row per indicator).

Columns (Chinese headers, as clerks fill them in): 编码 code, 上级编码 parent code, 名称 name,
权重 weight, 计分方法 method (code or Chinese name), 目标值 target, 封顶比例 cap, 每次分值 points
per event, 等次分值 grade shares ("A=1;B=0.8;C=0.6;D=0.4"), 实时数据 live figure code,
评分说明 scoring rule. Import is all or nothing: every bad row and every broken tree rule is
reported, and nothing is saved while any remains.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from xiaoneng.core.errors import DomainError
from xiaoneng.core.excel import ImportReport, RowError, Sheet, read_sheet
from xiaoneng.core.models import User
from xiaoneng.evaluation.models import IndicatorSystem, ScoringMethod
from xiaoneng.evaluation.scoring import NodeSpec
from xiaoneng.evaluation.services.indicators import system_save_tree, tree_errors

HEADERS = [
    "编码",
    "上级编码",
    "名称",
    "权重",
    "计分方法",
    "目标值",
    "封顶比例",
    "每次分值",
    "等次分值",
    "实时数据",
    "评分说明",
]
REQUIRED = ["编码", "上级编码", "名称", "权重", "计分方法"]
METHOD_NAMES: dict[str, str] = {
    ScoringMethod.QUANTITATIVE: "定量",
    ScoringMethod.QUALITATIVE: "定性",
    ScoringMethod.DEDUCTION: "扣分",
    ScoringMethod.BONUS: "加分",
    ScoringMethod.LIVE_FIGURE: "实时",
}
METHOD_BY_NAME = {**{v: k for k, v in METHOD_NAMES.items()}, **{m: m for m in ScoringMethod.values}}


def tree_sheet(system: IndicatorSystem) -> Sheet:
    rows = []
    for i in system.indicators.select_related("parent").order_by("order", "id"):
        rows.append(
            [
                i.code,
                i.parent.code if i.parent else "",
                i.name,
                float(i.weight),
                METHOD_NAMES.get(i.method, ""),
                float(i.target) if i.target is not None else None,
                float(i.cap_ratio) if i.method else None,
                float(i.per_event) if i.per_event is not None else None,
                ";".join(f"{k}={v}" for k, v in (i.grade_points or {}).items()),
                i.figure_code,
                i.description,
            ]
        )
    return Sheet(
        title=f"{system.year}-{system.get_unit_kind_display()}",
        headers=HEADERS,
        rows=rows,
        widths=[10, 10, 40, 8, 10, 10, 10, 10, 22, 22, 40],
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decimal(
    value: Any, row: int, field: str, errors: list[RowError], *, required: bool = False
) -> Decimal | None:
    text = _text(value)
    if not text:
        if required:
            errors.append(RowError(row, field, _("is required")))
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        errors.append(RowError(row, field, _("“%(value)s” is not a number") % {"value": text}))
        return None


def _grades(value: Any, row: int, errors: list[RowError]) -> dict[str, str]:
    text = _text(value).replace("；", ";").replace("＝", "=")
    result: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        grade, _sep, share = part.partition("=")
        try:
            Decimal(share.strip())
        except InvalidOperation:
            errors.append(RowError(row, "等次分值", _("write grades as A=1;B=0.8;C=0.6;D=0.4")))
            return {}
        result[grade.strip().upper()] = share.strip()
    return result


def parse_rows(rows: list[tuple[int, dict[str, Any]]]) -> tuple[list[NodeSpec], list[RowError]]:
    nodes: list[NodeSpec] = []
    errors: list[RowError] = []
    for number, row in rows:
        before = len(errors)
        code = _text(row.get("编码"))
        name = _text(row.get("名称"))
        if not code:
            errors.append(RowError(number, "编码", _("is required")))
        if not name:
            errors.append(RowError(number, "名称", _("is required")))
        weight = _decimal(row.get("权重"), number, "权重", errors, required=True)
        method_text = _text(row.get("计分方法"))
        method = METHOD_BY_NAME.get(method_text, "") if method_text else ""
        if method_text and not method:
            errors.append(
                RowError(
                    number,
                    "计分方法",
                    _("“%(value)s” is not a method; use 定量, 定性, 扣分, 加分 or 实时")
                    % {"value": method_text},
                )
            )
        target = _decimal(row.get("目标值"), number, "目标值", errors)
        cap = _decimal(row.get("封顶比例"), number, "封顶比例", errors)
        per_event = _decimal(row.get("每次分值"), number, "每次分值", errors)
        grades = _grades(row.get("等次分值"), number, errors)
        if len(errors) > before:
            continue
        nodes.append(
            NodeSpec(
                code=code,
                name=name,
                weight=weight or Decimal("0"),
                parent_code=_text(row.get("上级编码")) or None,
                method=method,
                target=target,
                cap_ratio=cap if cap is not None else Decimal("1"),
                per_event=per_event,
                grade_points=grades,
                figure_code=_text(row.get("实时数据")),
                description=_text(row.get("评分说明")),
                row=number,
            )
        )
    return nodes, errors


def tree_import(*, actor: User, system: IndicatorSystem, data: bytes) -> ImportReport:
    """Read a workbook and replace the tree if, and only if, every row and rule is sound."""
    rows = read_sheet(data, required=REQUIRED)
    nodes, errors = parse_rows(rows)
    report = ImportReport(errors=errors)
    if not errors:
        for error in tree_errors(nodes, system):
            report.errors.append(RowError(error.row or 0, error.field, error.reason))
    if not rows:
        report.errors.append(RowError(1, "编码", _("the sheet has no indicators")))
    if report.errors:
        return report
    try:
        system_save_tree(actor=actor, system=system, nodes=nodes)
    except DomainError as error:
        report.errors.append(RowError(0, error.field or "file", str(error.message)))
        return report
    report.created = len(nodes)
    return report
