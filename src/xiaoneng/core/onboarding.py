"""Onboarding a city from Excel: the organization tree and its staff (docs/onboarding.md).

Rules, the same for the commands, the workbench and the API:

- The whole file is validated first and every row's errors are listed (row number, column name
  as printed in the template, reason); nothing is applied if any row fails.
- Re-running a file updates, never duplicates: organizations are keyed by (parent, name), staff
  by account. A column left out of the file is left alone; a blank cell of a column that is
  there clears the value.
- Every created or changed organization and account is audited (等保2.0 level 3, DOMAIN.md §6),
  plus one record for the import itself.
- The three administrators stay apart (三员分立): an import never grants the system, security
  or audit administrator role and never changes an administrator's account, whoever runs it
  (the command included); those accounts are made one by one (`xiaoneng createsuperuser`, the
  workbench), where the role-grant rules apply.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xiaoneng.core import services
from xiaoneng.core.access import user_may
from xiaoneng.core.audit import AuditEntry, audit, audit_many
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.excel import ImportReport, RowError, Sheet, read_table_values, workbook_bytes
from xiaoneng.core.identifiers import validate_credit_code
from xiaoneng.core.models import (
    Level,
    Organization,
    OrganizationKind,
    Rank,
    StaffTransfer,
    User,
    UserKind,
    UserRole,
)
from xiaoneng.core.roles import ADMIN_ROLES, Perm, Role
from xiaoneng.core.staff_lifecycle import PostState, audit_detail, posts_announce


@dataclass(frozen=True)
class Column:
    """A template column: `header` is what the file carries (Chinese, fixed, like a form's
    printed boxes); `aliases` are accepted too (the English keys of earlier exports)."""

    key: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    example: Any = ""
    is_date: bool = False


ORG_COLUMNS = [
    Column("name", "单位名称", True, ("name",), "江州市新区人民政府"),
    Column("short_name", "简称", False, ("short_name",), "新区"),
    Column("kind", "单位类型", True, ("kind",), "政府"),
    Column("level", "层级", True, ("level",), 4),
    Column("parent", "上级单位", False, ("parent",), "江州市人民政府"),
    Column("credit_code", "统一社会信用代码", False, ("credit_code",), ""),
    Column("region_code", "行政区划代码", False, ("region_code",), "330199"),
    Column("is_active", "是否启用", False, ("is_active",), "是"),
]
STAFF_COLUMNS = [
    Column("real_name", "姓名", True, ("real_name", "name"), "王伟"),
    Column("username", "账号", True, ("username", "account"), "wangwei"),
    Column("unit", "所在单位", True, ("unit", "organization"), "江州市民政局"),
    Column("roles", "角色", False, ("roles",), "审核人员、部门负责人"),
    Column("rank", "职级", False, ("rank",), "科级"),
    Column("post", "岗位", False, ("post",), "审批科科员"),
    Column("post_since", "任职起始日期", False, ("post_since",), "2021-03-01", is_date=True),
    Column("phone", "手机号码", False, ("phone",), "13800138000"),
    Column("email", "电子邮箱", False, ("email",), ""),
]
_ROLE_SEPARATORS = re.compile(r"[,，、;；/|\s]+")
_USERNAME = re.compile(r"^[A-Za-z0-9_.@+-]{1,150}$")  # Django's user names, ASCII only
_PHONE = re.compile(r"^[0-9-]{7,20}$")
_REGION = re.compile(r"^\d{6,12}$")
_YES = {"是", "yes", "y", "true", "1", "启用"}
_NO = {"否", "no", "n", "false", "0", "停用"}


def _labels(choices: Iterable[tuple[Any, Any]]) -> dict[str, Any]:
    """Value by code, by Chinese label and by English label (case-insensitive)."""
    table: dict[str, Any] = {}
    for value, label in choices:
        table[str(value).lower()] = value
        for language in ("zh-hans", "en"):
            with translation.override(language):
                table[str(label).strip().lower()] = value
    return table


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_date(value: Any) -> date | None:
    if value is None or _text(value) == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-")
    try:
        return date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    except ValueError as exc:
        raise InvalidInput(
            _("Write the date as YYYY-MM-DD (e.g. 2021-03-01)."), field="post_since"
        ) from exc


@dataclass
class _Table:
    present: set[str]
    rows: list[tuple[int, dict[str, Any]]]


def _excel_date(serial: float, *, is_1904: bool) -> date | None:
    """A date cell as Excel stores it: days since 1899-12-30 (or 1904-01-01)."""
    epoch = date(1904, 1, 1) if is_1904 else date(1899, 12, 30)
    try:
        return epoch + timedelta(days=int(serial))
    except OverflowError:
        return None


def _read(data: bytes, columns: Sequence[Column]) -> _Table:
    headers, raw_rows, is_1904 = read_table_values(data)
    dates = {c.key for c in columns if c.is_date}
    by_header: dict[str, Column] = {}
    for column in columns:
        for name in (column.header, *column.aliases):
            by_header[name.lower()] = column
    present = {by_header[h.lower()].key for h in headers if h.lower() in by_header}
    missing = [c.header for c in columns if c.required and c.key not in present]
    if missing:
        raise InvalidInput(
            _("Missing columns: %(columns)s.") % {"columns": "、".join(missing)}, field="file"
        )
    rows = []
    for number, raw in raw_rows:
        row = {by_header[h.lower()].key: v for h, v in raw.items() if h.lower() in by_header}
        for key in dates & row.keys():
            value = row[key]
            if isinstance(value, int | float) and not isinstance(value, bool):
                row[key] = _excel_date(value, is_1904=is_1904) or value
        rows.append((number, row))
    return _Table(present, rows)


def workbook_row_count(*, data: bytes, columns: Sequence[Column]) -> int:
    """The rows of an import workbook, for deciding whether it runs in the background; the
    same refusals as the import for a file that is not a workbook or lacks a column."""
    return len(_read(data, columns).rows)


def _header(columns: Sequence[Column], key: str) -> str:
    return next((c.header for c in columns if c.key == key), key)


class _Errors:
    """Row errors named by the template's column header."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self.columns = columns
        self.items: list[RowError] = []

    def add(self, row: int, key: str | None, reason: Any) -> None:
        self.items.append(RowError(row, _header(self.columns, key or "file"), str(reason)))

    def add_domain(self, row: int, error: InvalidInput | NotPermitted, key: str) -> None:
        for field_name, message in error.errors:
            self.add(row, field_name or key, message)


def template_sheet(columns: Sequence[Column], title: str) -> Sheet:
    return Sheet(
        title=title,
        headers=[c.header for c in columns],
        rows=[[c.example for c in columns]],
        widths=[max(14, len(c.header) * 3 + 4) for c in columns],
    )


def organization_template() -> bytes:
    """The organization template: the header row, one example row, and the accepted kinds."""
    kinds = Sheet(
        title="单位类型",
        headers=["单位类型", "代码"],
        rows=[[_zh(label), value] for value, label in OrganizationKind.choices],
    )
    levels = Sheet(
        title="层级",
        headers=["层级", "名称"],
        rows=[[value, _zh(label)] for value, label in Level.choices],
    )
    return workbook_bytes([template_sheet(ORG_COLUMNS, "单位"), kinds, levels])


def staff_template() -> bytes:
    """The staff template: the header row, one example row, and the accepted roles and ranks."""
    roles = Sheet(
        title="角色",
        headers=["角色", "代码"],
        rows=[[_zh(label), value] for value, label in Role.choices],
    )
    ranks = Sheet(
        title="职级",
        headers=["职级", "代码"],
        rows=[[_zh(label), value] for value, label in Rank.choices],
    )
    return workbook_bytes([template_sheet(STAFF_COLUMNS, "人员"), roles, ranks])


def _zh(label: Any) -> str:
    with translation.override("zh-hans"):
        return str(label)


# ---------------------------------------------------------------------------------------------
# Organizations


class _OrgIndex:
    """Organizations by name, so that a unit is found by its name, or by "parent/name" where
    two units share a name."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[Organization]] = {}
        self.by_pk: dict[int, Organization] = {}
        for org in Organization.objects.only(
            "id", "name", "parent_id", "path", "kind", "level", "short_name", "credit_code",
            "credit_code_warning", "region_code", "is_active",
        ):  # fmt: skip
            self.add(org)

    def add(self, org: Organization) -> None:
        self.by_name.setdefault(org.name, []).append(org)
        if org.pk:
            self.by_pk[org.pk] = org

    def _parent_name(self, org: Organization) -> str:
        parent = self.by_pk.get(org.parent_id) if org.parent_id else None
        if parent is None:
            parent = getattr(org, "_pending_parent", None)
        return parent.name if parent else ""

    def find(self, text: str, key: str) -> Organization:
        parts = [p.strip() for p in re.split(r"[/／>]", text) if p.strip()]
        if not parts:
            raise InvalidInput(_("Name the unit."), field=key)
        candidates = self.by_name.get(parts[-1], [])
        if len(parts) > 1:
            candidates = [c for c in candidates if self._parent_name(c) == parts[-2]]
        if not candidates:
            raise InvalidInput(_("No unit is called %(name)s.") % {"name": text}, field=key)
        if len(candidates) > 1:
            raise InvalidInput(
                _("Several units are called %(name)s; write it as parent/name.")
                % {"name": parts[-1]},
                field=key,
            )
        return candidates[0]


@dataclass
class _OrgRow:
    number: int
    name: str
    parent: Organization | None
    values: dict[str, Any]
    existing: Organization | None
    org: Organization | None = None


# Besides codes and the printed labels, the words a personnel office writes for the same thing.
_ORG_KINDS = _labels(OrganizationKind.choices) | {
    "政府": OrganizationKind.GOVERNMENT,
    "街道": OrganizationKind.STREET_OFFICE,
    "乡镇": OrganizationKind.STREET_OFFICE,
    "社区": OrganizationKind.COMMUNITY,
    "村": OrganizationKind.COMMUNITY,
}
_ORG_LEVELS = _labels(Level.choices)


def _org_values(row: dict[str, Any], present: set[str], errors: _Errors, number: int) -> dict:
    values: dict[str, Any] = {}
    if "short_name" in present:
        values["short_name"] = _text(row.get("short_name"))[:60]
    kind = _ORG_KINDS.get(_text(row.get("kind")).lower())
    if kind is None:
        errors.add(number, "kind", _("Unknown organization kind."))
    values["kind"] = kind
    level = _ORG_LEVELS.get(_text(row.get("level")).lower())
    if level is None:
        errors.add(number, "level", _("Level must be a GB/T 39046 A.2 code from 1 to 6."))
    values["level"] = level
    if "credit_code" in present:
        code = _text(row.get("credit_code"))
        values["credit_code"], values["credit_code_warning"] = "", ""
        if code:
            try:
                checked = validate_credit_code(code)
            except InvalidInput as error:
                errors.add_domain(number, error, "credit_code")
            else:
                values["credit_code"], values["credit_code_warning"] = (
                    checked.value,
                    checked.warning,
                )
    if "region_code" in present:
        region = _text(row.get("region_code"))
        if region and not _REGION.match(region):
            errors.add(number, "region_code", _("6 to 12 digits."))
        values["region_code"] = region
    if "is_active" in present:
        flag = _text(row.get("is_active")).lower()
        if flag and flag not in _YES | _NO:
            errors.add(number, "is_active", _("Write 是 or 否."))
        values["is_active"] = flag not in _NO
    return values


def organization_import(*, actor: User | None, data: bytes, apply: bool = True) -> ImportReport:
    """Import the organization tree from Excel: whole file or nothing.

    Rows are keyed by (parent, name); a parent must exist or come earlier in the file. The
    actor needs `org.manage` where each row lands (its parent, or the unit itself when it is
    updated). With `apply=False` the file is only checked and the counts are what would happen.
    """
    if actor is not None and not user_may(actor, Perm.ORG_MANAGE, None):
        raise NotPermitted(_("You are not allowed to do this here."))
    table = _read(data, ORG_COLUMNS)
    errors = _Errors(ORG_COLUMNS)
    index = _OrgIndex()
    existing_by_key = {(o.parent_id, o.name): o for o in index.by_pk.values()}
    planned: dict[tuple[int | None, str], _OrgRow] = {}
    rows: list[_OrgRow] = []
    for number, raw in table.rows:
        before = len(errors.items)
        name = _text(raw.get("name"))[:200]
        if not name:
            errors.add(number, "name", _("A name is required."))
        parent: Organization | None = None
        parent_text = _text(raw.get("parent"))
        if parent_text:
            try:
                parent = index.find(parent_text, "parent")
            except InvalidInput as error:
                errors.add_domain(number, error, "parent")
        values = _org_values(raw, table.present, errors, number)
        # The parent object itself identifies it, whether stored or new in this file.
        key = (id(parent) if parent is not None else None, name)
        if key in planned:
            errors.add(
                number,
                "name",
                _("Row %(row)s already has this unit under the same parent.")
                % {"row": planned[key].number},
            )
        existing = (
            existing_by_key.get((parent.pk if parent else None, name))
            if parent is None or parent.pk
            else None
        )
        target = existing or parent
        if actor is not None and not _may_manage_org(actor, target, index):
            errors.add(number, "parent", _("You are not allowed to do this here."))
        if len(errors.items) > before:
            continue
        row = _OrgRow(number, name, parent, values, existing)
        planned[key] = row
        rows.append(row)
        if existing is None:
            pending = Organization(name=name, parent=None, path="")
            pending._pending_parent = parent  # type: ignore[attr-defined]
            pending._pending_row = row  # type: ignore[attr-defined]
            index.add(pending)
    report = ImportReport(errors=errors.items)
    if report.errors:
        return report
    for row in rows:
        if row.existing is None:
            report.created += 1
        elif _org_changes(row.existing, row.values):
            report.updated += 1
        else:
            report.unchanged += 1
    if apply:
        _apply_organizations(actor=actor, rows=rows, data=data, report=report)
    return report


def _may_manage_org(actor: User, target: Organization | None, index: _OrgIndex) -> bool:
    # A parent that is itself new in this file is checked at its own row, up its chain.
    while target is not None and not target.pk:
        target = getattr(target, "_pending_parent", None)
    return user_may(actor, Perm.ORG_MANAGE, target)


def _org_changes(org: Organization, values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if getattr(org, k) != v}


def _apply_organizations(
    *, actor: User | None, rows: list[_OrgRow], data: bytes, report: ImportReport
) -> None:
    """New units are written in bulk, a generation at a time (a parent before its children,
    each path "/…/parent id/own id/" set once the ids are known), after exactly the checks of
    `services.organization_create` above; changed units go through `organization_update`."""
    entries: list[AuditEntry] = []
    with transaction.atomic():
        generations: dict[int, list[_OrgRow]] = {}
        depth: dict[int, int] = {}
        for row in rows:
            if row.existing is not None:
                continue
            parent_row = getattr(row.parent, "_pending_row", None)
            depth[id(row)] = depth[id(parent_row)] + 1 if parent_row is not None else 0
            generations.setdefault(depth[id(row)], []).append(row)
        for generation in sorted(generations):
            batch = generations[generation]
            created = []
            for row in batch:
                parent = row.parent
                if parent is not None and not parent.pk:
                    parent = parent._pending_row.org  # type: ignore[attr-defined]
                row.org = Organization(name=row.name, parent=parent, **row.values)
                created.append(row.org)
            Organization.objects.bulk_create(created, batch_size=500)
            if any(o.pk is None for o in created):  # backends without RETURNING
                parent_ids = {o.parent_id for o in created}
                stored = {
                    (o.parent_id, o.name): o.pk
                    for o in Organization.objects.filter(parent_id__in=parent_ids)
                }
                for org in created:
                    org.pk = stored[(org.parent_id, org.name)]
            for org in created:
                org.path = f"{org.parent.path if org.parent else '/'}{org.pk}/"
            Organization.objects.bulk_update(created, ["path"], batch_size=500)
            entries += [
                AuditEntry(
                    "organization.create",
                    "core.organization",
                    org.pk,
                    {"name": org.name, "warning": org.credit_code_warning, "import": True},
                )
                for org in created
            ]
        audit_many(actor=actor, entries=entries)
        for row in rows:
            if row.existing is None:
                continue
            changes = _org_changes(row.existing, row.values)
            changes.pop("credit_code_warning", None)
            if changes:
                services.organization_update(actor=actor, organization=row.existing, **changes)
            row.org = row.existing
        audit(
            actor=actor,
            action="organization.import",
            object_type="core.organization",
            detail=_summary(report, data),
        )
    report.applied = True


def _summary(report: ImportReport, data: bytes) -> dict[str, Any]:
    return {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "sha256": hashlib.sha256(data).hexdigest(),
    }


# ---------------------------------------------------------------------------------------------
# Staff

_ROLES = _labels(Role.choices) | {"领导": Role.LEADER}
_RANKS = _labels(Rank.choices) | {
    "局级": Rank.BUREAU,
    "厅级": Rank.BUREAU,
    "处级": Rank.DIVISION,
    "县级": Rank.DIVISION,
    "科级": Rank.SECTION,
    "乡级": Rank.SECTION,
    "科员": Rank.ORDINARY,
    "办事员": Rank.ORDINARY,
}
_STAFF_FIELDS = ("real_name", "organization_id", "rank", "post", "post_since", "phone", "email")
_CHUNK = 900  # values per IN (…) list, within SQLite's variable limit


@dataclass
class _StaffRow:
    number: int
    username: str
    values: dict[str, Any]
    roles: list[str] | None
    unit: Organization
    existing: User | None
    changes: dict[str, Any] = field(default_factory=dict)
    roles_added: set[str] = field(default_factory=set)
    roles_removed: set[str] = field(default_factory=set)


def _staff_values(
    raw: dict[str, Any], present: set[str], errors: _Errors, number: int
) -> tuple[dict[str, Any], list[str] | None]:
    values: dict[str, Any] = {}
    real_name = _text(raw.get("real_name"))
    if not real_name:
        errors.add(number, "real_name", _("Write the person's name."))
    elif len(real_name) > 60:
        errors.add(number, "real_name", _("At most 60 characters."))
    values["real_name"] = real_name
    roles: list[str] | None = None
    if "roles" in present:
        roles = []
        for token in _ROLE_SEPARATORS.split(_text(raw.get("roles"))):
            if not token:
                continue
            role = _ROLES.get(token.lower())
            if role is None:
                errors.add(number, "roles", _("Unknown role: %(role)s") % {"role": token})
            else:
                roles.append(str(role))
        # Administrator roles are refused below; business roles combine freely.
        roles = list(dict.fromkeys(roles))
    if "rank" in present:
        text = _text(raw.get("rank"))
        rank = _RANKS.get(text.lower()) if text else ""
        if rank is None:
            errors.add(number, "rank", _("Unknown rank."))
        values["rank"] = rank or ""
    if "post" in present:
        post = _text(raw.get("post"))
        if len(post) > 100:
            errors.add(number, "post", _("At most 100 characters."))
        values["post"] = post
    if "post_since" in present:
        try:
            since = _parse_date(raw.get("post_since"))
        except InvalidInput as error:
            errors.add_domain(number, error, "post_since")
        else:
            if since and since > timezone.localdate():
                errors.add(number, "post_since", _("The date lies in the future."))
            # A blank cell keeps the stored date: it is the rotation clock, never cleared.
            if since is not None:
                values["post_since"] = since
    if "phone" in present:
        phone = _text(raw.get("phone"))
        if phone and not _PHONE.match(phone):
            errors.add(number, "phone", _("Digits and dashes only."))
        values["phone"] = phone
    if "email" in present:
        email = _text(raw.get("email"))
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.add(number, "email", _("Enter a valid e-mail address."))
        values["email"] = email
    return values, roles


def _existing_users(usernames: Iterable[str]) -> dict[str, User]:
    names = sorted(usernames)
    found: dict[str, User] = {}
    for start in range(0, len(names), _CHUNK):
        for user in User.objects.filter(username__in=names[start : start + _CHUNK]).only(
            "id", "username", "kind", "is_active", *_STAFF_FIELDS
        ):
            found[user.username] = user
    return found


def _current_roles(user_ids: list[int]) -> dict[int, set[str]]:
    roles: dict[int, set[str]] = {}
    for start in range(0, len(user_ids), _CHUNK):
        for user_id, role in UserRole.objects.filter(
            user_id__in=user_ids[start : start + _CHUNK]
        ).values_list("user_id", "role"):
            roles.setdefault(user_id, set()).add(role)
    return roles


def staff_import(*, actor: User | None, data: bytes, apply: bool = True) -> ImportReport:
    """Import staff accounts from Excel: whole file or nothing, keyed by account.

    New accounts get no usable password: the security administrator resets it, and the person
    chooses their own at the first sign-in. A changed unit is recorded as a transfer and restarts
    the post start date (the rotation clock) unless the file gives one. Accounts of applicants
    and offboarded accounts are not touched (the row is refused).
    """
    if actor is not None and not user_may(actor, Perm.USER_MANAGE, None):
        raise NotPermitted(_("You are not allowed to do this here."))
    table = _read(data, STAFF_COLUMNS)
    errors = _Errors(STAFF_COLUMNS)
    index = _OrgIndex()
    existing = _existing_users({_text(raw.get("username")) for _n, raw in table.rows})
    current_roles = _current_roles([u.pk for u in existing.values()])
    may_manage: dict[int, bool] = {}

    def allowed(org: Organization) -> bool:
        if actor is None:
            return True
        if org.pk not in may_manage:
            may_manage[org.pk] = user_may(actor, Perm.USER_MANAGE, org)
        return may_manage[org.pk]

    seen: dict[str, int] = {}
    rows: list[_StaffRow] = []
    for number, raw in table.rows:
        before = len(errors.items)
        username = _text(raw.get("username"))
        if not _USERNAME.match(username):
            errors.add(number, "username", _("At most 150 letters, digits or _ . @ + -."))
        elif username.lower() in seen:
            errors.add(
                number,
                "username",
                _("Row %(row)s already has this account.") % {"row": seen[username.lower()]},
            )
        else:
            seen[username.lower()] = number
        values, roles = _staff_values(raw, table.present, errors, number)
        unit: Organization | None = None
        try:
            unit = index.find(_text(raw.get("unit")), "unit")
        except InvalidInput as error:
            errors.add_domain(number, error, "unit")
        user = existing.get(username)
        if user is not None and user.kind != UserKind.STAFF:
            errors.add(number, "username", _("This account belongs to an applicant."))
        elif user is not None and not user.is_active:
            errors.add(number, "username", _("This account was offboarded; remove the row."))
        if unit is not None and not allowed(unit):
            errors.add(number, "unit", _("You may not manage staff of this unit."))
        if (
            user is not None
            and user.organization_id
            and user.organization_id != getattr(unit, "pk", None)
        ):
            old_unit = index.by_pk.get(user.organization_id)
            if old_unit is not None and not allowed(old_unit):
                errors.add(number, "unit", _("You may not manage staff of this unit."))
        old_roles = current_roles.get(user.pk, set()) if user else set()
        if old_roles & ADMIN_ROLES:
            errors.add(
                number,
                "username",
                _("This is an administrator's account; an import does not change it."),
            )
        elif roles is not None and set(roles) & ADMIN_ROLES:
            refused = _(
                "An import does not grant the system, security or audit administrator "
                "role (三员分立): create that account on its own."
            )
            errors.add(number, "roles", refused)
            services.role_change_refused(
                actor=actor,
                action="user.import",
                account=user,
                username=username,
                roles=sorted(roles),
                reason=refused,
            )
        if len(errors.items) > before or unit is None:
            continue
        values["organization_id"] = unit.pk
        row = _StaffRow(number, username, values, roles, unit, user)
        if user is not None:
            row.changes = {k: v for k, v in values.items() if getattr(user, k) != v}
            if roles is not None:
                row.roles_added = set(roles) - old_roles
                row.roles_removed = old_roles - set(roles)
        rows.append(row)
    report = ImportReport(errors=errors.items)
    if report.errors:
        return report
    for row in rows:
        if row.existing is None:
            report.created += 1
        elif row.changes or row.roles_added or row.roles_removed:
            report.updated += 1
        else:
            report.unchanged += 1
    if apply:
        _apply_staff(actor=actor, rows=rows, data=data, report=report)
    return report


def _apply_staff(
    *, actor: User | None, rows: list[_StaffRow], data: bytes, report: ImportReport
) -> None:
    """Bulk writes (20,000 accounts within a minute), each account still audited, and the
    post of everyone created or moved announced for the post history (rotation)."""
    today = timezone.localdate()
    unusable = make_password(None)  # one unusable hash: no password is hashed per account
    entries: list[AuditEntry] = []
    states: list[PostState] = []
    recorded_by = actor if actor is not None and actor.pk else None
    with transaction.atomic():
        created = [r for r in rows if r.existing is None]
        new_users = [
            User(username=r.username, kind=UserKind.STAFF, password=unusable, **r.values)
            for r in created
        ]
        User.objects.bulk_create(new_users, batch_size=1000)
        if any(u.pk is None for u in new_users):  # backends without RETURNING
            ids = _existing_users(u.username for u in new_users)
            for user in new_users:
                user.pk = ids[user.username].pk
        UserRole.objects.bulk_create(
            [
                UserRole(user_id=user.pk, role=role)
                for row, user in zip(created, new_users, strict=True)
                for role in row.roles or []
            ],
            batch_size=2000,
        )
        for row, user in zip(created, new_users, strict=True):
            entries.append(
                AuditEntry(
                    "user.create", "core.user", user.pk, {"roles": row.roles or [], "import": True}
                )
            )
            states.append(
                PostState(user.pk, user.organization_id, user.post, user.rank, user.post_since)
            )
        changed = [r for r in rows if r.existing is not None and r.changes]
        transfers = []
        for row in changed:
            person = row.existing
            assert person is not None
            if "organization_id" in row.changes and person.organization_id:
                # The rotation clock restarts with the new unit unless the file dates the post.
                row.changes["post_since"] = row.values.get("post_since") or today
                transfers.append(
                    StaffTransfer(
                        user=person,
                        from_unit_id=person.organization_id,
                        to_unit_id=row.unit.pk,
                        from_post=person.post,
                        to_post=row.values.get("post", person.post),
                        transferred_on=row.changes["post_since"],
                        recorded_by=recorded_by,
                    )
                )
            for key, value in row.changes.items():
                setattr(person, key, value)
            if {"organization_id", "post", "post_since", "rank"} & set(row.changes):
                states.append(
                    PostState(
                        person.pk,
                        person.organization_id,
                        person.post,
                        person.rank,
                        person.post_since,
                    )
                )
            entries.append(
                AuditEntry(
                    "user.update",
                    "core.user",
                    person.pk,
                    {**audit_detail(row.changes), "import": True},
                )
            )
        User.objects.bulk_update(
            [r.existing for r in changed if r.existing], list(_STAFF_FIELDS), batch_size=500
        )
        StaffTransfer.objects.bulk_create(transfers, batch_size=1000)
        for row in rows:
            if row.existing is None or not (row.roles_added or row.roles_removed):
                continue
            user = row.existing
            if row.roles_removed:
                UserRole.objects.filter(user=user, role__in=row.roles_removed).delete()
            UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in row.roles_added])
            entries.append(
                AuditEntry(
                    "user.set_roles", "core.user", user.pk, {"roles": row.roles, "import": True}
                )
            )
        audit_many(actor=actor, entries=entries)
        posts_announce(states)
        audit(
            actor=actor,
            action="staff.import",
            object_type="core.user",
            detail=_summary(report, data),
        )
    report.applied = True


def workbook_for(columns: Sequence[Column], rows: Iterable[dict[str, Any]], title: str) -> bytes:
    """A workbook in the template's layout from rows keyed by column key (demo, tests)."""
    return workbook_bytes(
        [
            Sheet(
                title=title,
                headers=[c.header for c in columns],
                rows=([row.get(c.key, "") for c in columns] for row in rows),
            )
        ]
    )


def organization_export_sheet(organizations: Iterable[Organization]) -> Sheet:
    """The tree in the import template's layout, so an export edited and imported round-trips."""
    organizations = list(organizations)
    names: dict[str, int] = {}
    for name in Organization.objects.values_list("name", flat=True):
        names[name] = names.get(name, 0) + 1
    rows = [
        [
            o.name,
            o.short_name,
            _zh(o.get_kind_display()),
            o.level,
            _parent_cell(o, names),
            o.credit_code,
            o.region_code,
            "是" if o.is_active else "否",
        ]
        for o in organizations
    ]
    return Sheet(
        title="单位",
        headers=[c.header for c in ORG_COLUMNS],
        rows=rows,
        widths=[36, 16, 18, 8, 36, 22, 14, 10],
    )


def _parent_cell(org: Organization, names: dict[str, int]) -> str:
    """The parent's name, or "grandparent/parent" where the name alone is ambiguous."""
    parent = org.parent
    if parent is None:
        return ""
    if names.get(parent.name, 0) > 1 and parent.parent is not None:
        return f"{parent.parent.name}/{parent.name}"
    return parent.name
