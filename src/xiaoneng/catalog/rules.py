"""The rules a service item's content must satisfy (GB/T 39046-2020, 行政许可法), pure Python.

`clean_content()` checks every field at once and raises one `InvalidInput` listing every problem
(field, reason), so a form, an API call or an import row shows all of its errors together.

Rules (DOMAIN.md §1):
- Codes are strings. The basic code is 4–40 digits or capital letters. The implementation code
  starts with the implementing agency's 18-character unified social credit code (GB 32100),
  followed by 1–46 digits or capital letters (the item's own part, usually its basic code).
- Item type is a GB/T 39046 A.1 code (01…10, 20); level an A.2 code (1 national … 6 village).
- Limits are in working days. Committed ≤ legal. An immediate item (即办件) is handled the same
  day ("not overnight", 即办事项不过夜): its committed limit is 0, due on the day of
  acceptance. A promised item (承诺件) promises at least 1 working day.
- The legal limit defaults to 20 working days (Art. 42), or 45 for a joint item (Art. 42,
  joint or centralized handling). An item with co-implementing departments is a joint item;
  a co-department gives its opinion within its own limit (countersign: default 7 working days),
  which must fit in the legal limit; the implementing agency is not its own co-department.
- A forwarded item (上报件) names the higher level it is forwarded to (a smaller level code).
- The process steps' time budgets add up to no more than the committed limit.
- A fee needs its standard and basis; a free item has no fee amount.
- A material needs at least one original or one copy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from xiaoneng.catalog.models import (
    DEFAULT_LEGAL_LIMIT_DAYS,
    DEFAULT_OPINION_LIMIT_DAYS,
    JOINT_LEGAL_LIMIT_DAYS,
    HandlingType,
    ItemType,
)
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.identifiers import CREDIT_CODE_CHARSET
from xiaoneng.core.models import Level, Organization

BASIC_CODE_RE = re.compile(r"^[0-9A-Z]{4,40}$")
IMPLEMENTATION_SUFFIX_RE = re.compile(r"^[0-9A-Z]{1,46}$")
PHONE_RE = re.compile(r"^[0-9][0-9\-, /()+]{2,39}$")
MAX_LIMIT_DAYS = 365


@dataclass(frozen=True)
class MaterialSpec:
    name: str
    originals: int = 1
    copies: int = 0
    is_mandatory: bool = True
    note: str = ""


@dataclass(frozen=True)
class StepSpec:
    name: str
    budget_days: int = 0
    description: str = ""


@dataclass(frozen=True)
class CoDepartmentSpec:
    organization: Organization
    opinion_limit_days: int = DEFAULT_OPINION_LIMIT_DAYS


@dataclass
class ItemContent:
    """Everything a version holds, validated; services copy it into a ServiceItemVersion."""

    name: str
    item_type: str
    level: int
    handling_type: str
    legal_limit_days: int
    committed_limit_days: int
    legal_limit_note: str = ""
    committed_limit_note: str = ""
    acceptance_conditions: str = ""
    legal_basis: str = ""
    is_joint: bool = False
    forward_to_level: int | None = None
    has_fee: bool = False
    fee_amount: Decimal | None = None
    fee_basis: str = ""
    special_procedures_allowed: bool = False
    special_procedures_note: str = ""
    is_appointment: bool = False
    is_online: bool = False
    enquiry_phone: str = ""
    supervision_phone: str = ""
    yellow_days: int | None = None
    yellow_ratio: Decimal | None = None
    materials: list[MaterialSpec] = field(default_factory=list)
    steps: list[StepSpec] = field(default_factory=list)
    co_departments: list[CoDepartmentSpec] = field(default_factory=list)

    def version_fields(self) -> dict[str, Any]:
        """The scalar fields, as ServiceItemVersion keyword arguments."""
        skip = {"materials", "steps", "co_departments"}
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in skip}


CONTENT_FIELDS = frozenset(f.name for f in fields(ItemContent))
_TEXT_LIMITS = {
    "legal_limit_note": 500,
    "committed_limit_note": 500,
    "special_procedures_note": 500,
    "acceptance_conditions": 5000,
    "legal_basis": 5000,
    "fee_basis": 2000,
}


class _Errors:
    def __init__(self) -> None:
        self.items: list[tuple[str | None, Any]] = []

    def add(self, name: str, reason: Any) -> None:
        self.items.append((name, reason))

    def has(self, name: str) -> bool:
        return any(f == name for f, _r in self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise InvalidInput(self.items[0][1], field=self.items[0][0], errors=self.items)


def normalize_code(value: Any) -> str:
    return str(value).strip().upper() if isinstance(value, str) else ""


def check_codes(
    *, basic_code: Any, implementation_code: Any, agency: Organization | None
) -> list[tuple[str, str]]:
    """Problems with an item's codes (empty when fine). Codes must be text, never numbers."""
    problems: list[tuple[str, str]] = []
    if not isinstance(basic_code, str):
        problems.append(("basic_code", _("Codes are text: write the basic code as text.")))
    elif not BASIC_CODE_RE.match(basic_code.strip().upper()):
        problems.append(("basic_code", _("The basic code has 4 to 40 digits or capital letters.")))
    if not isinstance(implementation_code, str):
        problems.append(
            ("implementation_code", _("Codes are text: write the implementation code as text."))
        )
        return problems
    code = implementation_code.strip().upper()
    credit, suffix = code[:18], code[18:]
    if len(code) < 19 or any(ch not in CREDIT_CODE_CHARSET for ch in credit):
        problems.append(
            (
                "implementation_code",
                _(
                    "The implementation code starts with the agency's 18-character unified social "
                    "credit code, followed by the item's own part."
                ),
            )
        )
    elif not IMPLEMENTATION_SUFFIX_RE.match(suffix):
        problems.append(
            (
                "implementation_code",
                _(
                    "After the credit code, the implementation code has 1 to 46 digits or capital "
                    "letters."
                ),
            )
        )
    elif agency is not None and agency.credit_code and agency.credit_code != credit:
        problems.append(
            (
                "implementation_code",
                _(
                    "The implementation code must start with the credit code of %(agency)s "
                    "(%(code)s)."
                )
                % {"agency": agency.name, "code": agency.credit_code},
            )
        )
    return problems


def _text(
    data: Mapping[str, Any], name: str, errors: _Errors, *, required: bool = False, limit: int = 500
) -> str:
    value = data.get(name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        value = str(value)
    value = value.strip()
    if required and not value:
        errors.add(name, _("This field is required."))
    elif len(value) > limit:
        errors.add(name, _("At most %(n)d characters.") % {"n": limit})
    return value


def _int(
    value: Any,
    name: str,
    errors: _Errors,
    *,
    minimum: int = 0,
    maximum: int = MAX_LIMIT_DAYS,
    label: str = "",
) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        errors.add(name, _("Enter a whole number."))
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        errors.add(name, _("Enter a whole number."))
        return None
    if number != number.to_integral_value():
        errors.add(name, _("Enter a whole number."))
        return None
    result = int(number)
    if result < minimum or result > maximum:
        errors.add(
            name, _("Enter a number from %(min)d to %(max)d.") % {"min": minimum, "max": maximum}
        )
        return None
    return result


def _decimal(value: Any, name: str, errors: _Errors) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        errors.add(name, _("Enter a number."))
        return None
    if not number.is_finite():
        errors.add(name, _("Enter a number."))
        return None
    return number


_TRUE = {"1", "true", "yes", "y", "是", "有", "支持", "需要", "必需", "必要", "√"}
_FALSE = {"0", "false", "no", "n", "否", "无", "不支持", "不需要", "非必需", "非必要", "×", ""}


def parse_bool(value: Any) -> bool | None:
    """True/False from a checkbox, JSON or a spreadsheet cell (是/否, Y/N, 1/0); None if unclear."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def _bool(data: Mapping[str, Any], name: str, errors: _Errors) -> bool:
    result = parse_bool(data.get(name))
    if result is None:
        errors.add(name, _("Enter yes or no."))
        return False
    return result


_HANDLING_ALIASES = {
    "immediate": HandlingType.IMMEDIATE,
    "1": HandlingType.IMMEDIATE,
    "即办件": HandlingType.IMMEDIATE,
    "即办": HandlingType.IMMEDIATE,
    "promised": HandlingType.PROMISED,
    "2": HandlingType.PROMISED,
    "承诺件": HandlingType.PROMISED,
    "承诺": HandlingType.PROMISED,
}


def parse_handling_type(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return _HANDLING_ALIASES.get(value.strip().lower())


def parse_item_type(value: Any) -> str | None:
    """A GB/T 39046 A.1 code ("01"); a bare number 1 is read as "01"; the label is accepted."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:02d}"
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.isdigit() and len(text) == 1:
        text = f"0{text}"
    if text in ItemType.values:
        return text
    for choice in ItemType:
        if text in (str(choice.label), choice.name.lower()):
            return choice.value
    return None


def parse_level(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and float(value).is_integer():
        value = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    elif isinstance(value, str):
        for choice in Level:
            if value.strip() in (str(choice.label), choice.name.lower()):
                return int(choice.value)
        return None
    return value if value in Level.values else None


def clean_content(
    data: Mapping[str, Any], *, agency: Organization, field_prefix: str = ""
) -> ItemContent:
    """Validate raw content (keyword arguments, a form, a JSON body, an import row).

    `materials`, `steps` and `co_departments` are sequences of mappings (or specs). Raises one
    InvalidInput naming every wrong field; nested fields are named like `materials[0].name`.
    """
    errors = _Errors()
    unknown = sorted(set(data) - CONTENT_FIELDS)
    for name in unknown:
        errors.add(name, _("Unknown field."))
    name = _text(data, "name", errors, required=True, limit=200)

    item_type = parse_item_type(data.get("item_type", ItemType.LICENSING))
    if item_type is None:
        errors.add("item_type", _("Item type must be a GB/T 39046 code: 01 to 10, or 20."))
    raw_level = data.get("level")
    level = agency.level if raw_level in (None, "") else parse_level(raw_level)
    if level is None:
        errors.add("level", _("Level must be a GB/T 39046 A.2 code from 1 to 6."))
    handling_type = parse_handling_type(data.get("handling_type", HandlingType.PROMISED))
    if handling_type is None:
        errors.add("handling_type", _("Handling type must be immediate or promised."))

    co_departments = _co_departments(data.get("co_departments") or [], agency, errors)
    declared_joint = data.get("is_joint")
    is_joint = bool(co_departments)
    if declared_joint not in (None, ""):
        joint_flag = parse_bool(declared_joint)
        if joint_flag is None:
            errors.add("is_joint", _("Enter yes or no."))
        elif joint_flag and not co_departments and not errors.has("co_departments"):
            errors.add(
                "co_departments", _("A joint item needs at least one co-implementing department.")
            )
        elif not joint_flag and co_departments:
            errors.add("is_joint", _("An item with co-implementing departments is a joint item."))

    legal = _int(data.get("legal_limit_days"), "legal_limit_days", errors)
    legal_given = data.get("legal_limit_days") not in (None, "")
    if legal is None and not legal_given:
        legal = JOINT_LEGAL_LIMIT_DAYS if is_joint else DEFAULT_LEGAL_LIMIT_DAYS
    committed = _int(data.get("committed_limit_days"), "committed_limit_days", errors)
    if committed is None and data.get("committed_limit_days") in (None, ""):
        if handling_type == HandlingType.IMMEDIATE:
            committed = 0
        else:
            errors.add("committed_limit_days", _("The committed time limit is required."))
    if committed is not None and handling_type == HandlingType.IMMEDIATE and committed != 0:
        errors.add(
            "committed_limit_days",
            _("An immediate item is handled the same day: its committed limit is 0 working days."),
        )
    if committed is not None and handling_type == HandlingType.PROMISED and committed < 1:
        errors.add("committed_limit_days", _("A promised item promises at least 1 working day."))
    if committed is not None and legal is not None and committed > legal:
        errors.add(
            "committed_limit_days",
            _("The committed limit (%(committed)d) may not exceed the legal limit (%(legal)d).")
            % {"committed": committed, "legal": legal},
        )
    if handling_type == HandlingType.PROMISED and legal is not None and legal < 1:
        errors.add("legal_limit_days", _("A promised item has a legal limit of at least 1."))

    forward = data.get("forward_to_level")
    forward_to_level = None
    if forward not in (None, ""):
        forward_to_level = parse_level(forward)
        if forward_to_level is None:
            errors.add("forward_to_level", _("Level must be a GB/T 39046 A.2 code from 1 to 6."))
        elif level is not None and forward_to_level >= level:
            errors.add(
                "forward_to_level",
                _("A forwarded item goes to a higher level (a smaller level code than %(level)d).")
                % {"level": level},
            )
            forward_to_level = None

    has_fee = _bool(data, "has_fee", errors)
    fee_amount = _decimal(data.get("fee_amount"), "fee_amount", errors)
    fee_basis = _text(data, "fee_basis", errors, limit=_TEXT_LIMITS["fee_basis"])
    if fee_amount is not None and fee_amount < 0:
        errors.add("fee_amount", _("A fee cannot be negative."))
    if has_fee and not fee_basis:
        errors.add("fee_basis", _("A fee needs its standard and legal basis."))
    if not has_fee and fee_amount:
        errors.add("fee_amount", _("A free item has no fee amount."))
    if fee_amount is not None and fee_amount >= Decimal("1e10"):
        errors.add("fee_amount", _("This amount is too large."))

    phones: dict[str, str] = {}
    for phone_field in ("enquiry_phone", "supervision_phone"):
        phone = _text(data, phone_field, errors, limit=40)
        if phone and not PHONE_RE.match(phone):
            errors.add(phone_field, _("Enter a phone number (digits, spaces and dashes)."))
        phones[phone_field] = phone

    yellow_days = _int(data.get("yellow_days"), "yellow_days", errors)
    if yellow_days is not None and legal is not None and yellow_days > legal:
        errors.add("yellow_days", _("The yellow warning cannot start before the limit does."))
    yellow_ratio = _decimal(data.get("yellow_ratio"), "yellow_ratio", errors)
    if yellow_ratio is not None and not (Decimal(0) < yellow_ratio < Decimal(1)):
        errors.add("yellow_ratio", _("The yellow share is a number between 0 and 1, e.g. 0.8."))
        yellow_ratio = None
    if yellow_ratio is not None:
        yellow_ratio = yellow_ratio.quantize(Decimal("0.001"))

    materials = _materials(data.get("materials") or [], errors)
    steps = _steps(data.get("steps") or [], errors)
    if committed is not None and steps and not errors.has("steps"):
        total = sum(s.budget_days for s in steps)
        if total > committed:
            errors.add(
                "steps",
                _(
                    "The steps' time budgets add up to %(total)d working days, more than the "
                    "committed limit of %(committed)d."
                )
                % {"total": total, "committed": committed},
            )
    if legal is not None:
        for index, co in enumerate(co_departments):
            if co.opinion_limit_days > legal:
                errors.add(
                    f"co_departments[{index}].opinion_limit_days",
                    _("The opinion limit must fit in the legal limit."),
                )

    texts = {
        name_: _text(data, name_, errors, limit=limit)
        for name_, limit in _TEXT_LIMITS.items()
        if name_ != "fee_basis"
    }
    flags = {
        name_: _bool(data, name_, errors)
        for name_ in ("special_procedures_allowed", "is_appointment", "is_online")
    }

    if field_prefix:
        errors.items = [(f"{field_prefix}{f}" if f else f, r) for f, r in errors.items]
    errors.raise_if_any()
    assert item_type is not None and level is not None and handling_type is not None
    assert legal is not None and committed is not None
    return ItemContent(
        name=name,
        item_type=item_type,
        level=level,
        handling_type=handling_type,
        legal_limit_days=legal,
        committed_limit_days=committed,
        is_joint=is_joint,
        forward_to_level=forward_to_level,
        has_fee=has_fee,
        fee_amount=fee_amount,
        fee_basis=fee_basis,
        yellow_days=yellow_days,
        yellow_ratio=yellow_ratio,
        materials=materials,
        steps=steps,
        co_departments=co_departments,
        enquiry_phone=phones["enquiry_phone"],
        supervision_phone=phones["supervision_phone"],
        legal_limit_note=texts["legal_limit_note"],
        committed_limit_note=texts["committed_limit_note"],
        special_procedures_note=texts["special_procedures_note"],
        acceptance_conditions=texts["acceptance_conditions"],
        legal_basis=texts["legal_basis"],
        special_procedures_allowed=flags["special_procedures_allowed"],
        is_appointment=flags["is_appointment"],
        is_online=flags["is_online"],
    )


def _as_mapping(entry: Any) -> Mapping[str, Any] | None:
    if isinstance(entry, Mapping):
        return entry
    if isinstance(entry, MaterialSpec | StepSpec | CoDepartmentSpec):
        return {f.name: getattr(entry, f.name) for f in fields(entry)}
    return None


def _list(value: Any, name: str, errors: _Errors) -> Sequence[Any]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        errors.add(name, _("Enter a list."))
        return []
    return value


def _materials(value: Any, errors: _Errors) -> list[MaterialSpec]:
    result: list[MaterialSpec] = []
    seen: set[str] = set()
    for index, entry in enumerate(_list(value, "materials", errors)):
        prefix = f"materials[{index}]"
        row = _as_mapping(entry)
        if row is None:
            errors.add(prefix, _("Each material is an object with a name."))
            continue
        name = _text(row, "name", _Prefixed(errors, prefix), required=True, limit=300)
        originals = _int(row.get("originals", 1), f"{prefix}.originals", errors, maximum=99)
        copies = _int(row.get("copies", 0), f"{prefix}.copies", errors, maximum=99)
        mandatory = parse_bool(row.get("is_mandatory", True))
        if mandatory is None:
            errors.add(f"{prefix}.is_mandatory", _("Enter yes or no."))
        note = _text(row, "note", _Prefixed(errors, prefix), limit=500)
        if name and name in seen:
            errors.add(f"{prefix}.name", _("This material is listed twice."))
        seen.add(name)
        originals = 1 if originals is None and row.get("originals") in (None, "") else originals
        copies = 0 if copies is None and row.get("copies") in (None, "") else copies
        if originals == 0 and copies == 0:
            errors.add(f"{prefix}.copies", _("A material needs at least one original or copy."))
        if name and originals is not None and copies is not None and mandatory is not None:
            result.append(MaterialSpec(name, originals, copies, mandatory, note))
    return result


def _steps(value: Any, errors: _Errors) -> list[StepSpec]:
    result: list[StepSpec] = []
    for index, entry in enumerate(_list(value, "steps", errors)):
        prefix = f"steps[{index}]"
        row = _as_mapping(entry)
        if row is None:
            errors.add(prefix, _("Each step is an object with a name."))
            continue
        name = _text(row, "name", _Prefixed(errors, prefix), required=True, limit=200)
        budget = _int(row.get("budget_days", 0), f"{prefix}.budget_days", errors)
        budget = 0 if budget is None and row.get("budget_days") in (None, "") else budget
        description = _text(row, "description", _Prefixed(errors, prefix), limit=500)
        if name and budget is not None:
            result.append(StepSpec(name, budget, description))
    return result


def _co_departments(value: Any, agency: Organization, errors: _Errors) -> list[CoDepartmentSpec]:
    result: list[CoDepartmentSpec] = []
    seen: set[int] = set()
    for index, entry in enumerate(_list(value, "co_departments", errors)):
        prefix = f"co_departments[{index}]"
        row = _as_mapping(entry)
        if row is None:
            errors.add(prefix, _("Each co-implementing department is an object."))
            continue
        org = row.get("organization")
        if not isinstance(org, Organization):
            errors.add(f"{prefix}.organization", _("Choose an existing department."))
            continue
        limit = _int(
            row.get("opinion_limit_days", DEFAULT_OPINION_LIMIT_DAYS),
            f"{prefix}.opinion_limit_days",
            errors,
            minimum=1,
        )
        if row.get("opinion_limit_days") in (None, ""):
            limit = DEFAULT_OPINION_LIMIT_DAYS
        if org.pk == agency.pk:
            errors.add(
                f"{prefix}.organization",
                _("The implementing agency is not its own co-implementing department."),
            )
            continue
        if org.pk in seen:
            errors.add(f"{prefix}.organization", _("This department is listed twice."))
            continue
        seen.add(org.pk)
        if limit is not None:
            result.append(CoDepartmentSpec(org, limit))
    return result


class _Prefixed(_Errors):
    """Adds errors to `parent` with `prefix.` before the field name."""

    def __init__(self, parent: _Errors, prefix: str) -> None:
        self.parent = parent
        self.prefix = prefix

    def add(self, name: str, reason: Any) -> None:
        self.parent.add(f"{self.prefix}.{name}", reason)
