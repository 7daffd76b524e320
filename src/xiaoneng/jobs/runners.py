"""The import functions behind the background imports: each context's own (the same rules as a
small import answered at once). Registered by JobsConfig.ready()."""

from __future__ import annotations

from typing import Any

from xiaoneng.cases.importing import import_file
from xiaoneng.complaints.importing import complaints_import
from xiaoneng.core.models import User
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


def register_defaults() -> None:
    register_importer(ImportKind.CASES, Importer(Perm.CASE_IMPORT, cases_run))
    register_importer(ImportKind.COMPLAINTS, Importer(Perm.COMPLAINT_HANDLE, complaints_run))
