"""The import functions behind the background imports: each context's own (the same rules as a
small import answered at once). Registered by JobsConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from xiaoneng.cases.importing import import_file
from xiaoneng.complaints.importing import complaints_import
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.excel import ImportReport, RowError
from xiaoneng.core.models import User
from xiaoneng.core.onboarding import organization_import, staff_import
from xiaoneng.core.roles import Perm
from xiaoneng.jobs.imports import Importer, Progress, register_importer
from xiaoneng.jobs.models import ImportKind


def cases_run(actor: User, path: str, progress: Progress) -> dict[str, Any]:
    result = import_file(path, actor=actor, progress=lambda r: progress(r.applied_cases))
    progress(result.applied_cases)
    return result.as_dict()


def complaints_run(actor: User, path: str, progress: Progress) -> dict[str, Any]:
    with open(path, encoding="utf-8-sig") as handle:
        lines = handle.read().splitlines()
    report = complaints_import(actor=actor, lines=lines)
    progress(len(lines))
    return report.as_dict()


def _workbook_run(
    importer: Callable[..., ImportReport], actor: User, path: str, progress: Progress
) -> dict[str, Any]:
    """An onboarding workbook: validated whole first, nothing applied if any row fails (the
    errors are the report's); the rows applied are the progress once they are committed."""
    data = Path(path).read_bytes()
    try:
        report = importer(actor=actor, data=data)
    except InvalidInput as error:  # the file itself (checked when posted; kept for safety)
        report = ImportReport(errors=[RowError(0, f or "file", str(m)) for f, m in error.errors])
    progress(report.created + report.updated + report.unchanged if report.applied else 0)
    return report.as_dict()


def organizations_run(actor: User, path: str, progress: Progress) -> dict[str, Any]:
    return _workbook_run(organization_import, actor, path, progress)


def staff_run(actor: User, path: str, progress: Progress) -> dict[str, Any]:
    return _workbook_run(staff_import, actor, path, progress)


def register_defaults() -> None:
    register_importer(ImportKind.CASES, Importer(Perm.CASE_IMPORT, cases_run))
    register_importer(ImportKind.COMPLAINTS, Importer(Perm.COMPLAINT_HANDLE, complaints_run))
    # the permission the synchronous onboarding imports require (core.onboarding)
    register_importer(ImportKind.ORGANIZATIONS, Importer(Perm.ORG_MANAGE, organizations_run))
    register_importer(ImportKind.STAFF, Importer(Perm.USER_MANAGE, staff_run))
