"""The shared shape of the onboarding import commands: check, report every row, apply."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from xiaoneng.core.errors import DomainError
from xiaoneng.core.excel import ImportReport
from xiaoneng.core.models import User


class ImportCommand(BaseCommand):
    """Runs as the system (no signed-in actor, unless `actor` names one), like the demo loader;
    exit status 1 on errors."""

    importer: Callable[..., ImportReport]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Excel workbook (.xlsx) in the template's layout")
        parser.add_argument("--dry-run", action="store_true", help="check only, apply nothing")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def actor(self, options: dict[str, Any]) -> User | None:
        """Who the import acts as: the system here; a command whose services need a staff
        member names one."""
        return None

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("file: no such file: %(path)s") % {"path": path})
        actor = self.actor(options)
        try:
            report = self.importer(
                actor=actor, data=path.read_bytes(), apply=not options["dry_run"]
            )
        except DomainError as error:
            raise CommandError(f"{error.field or 'file'}: {error.message}") from error
        self.write_report(report, as_json=bool(options["json"]))

    def write_report(self, report: ImportReport, *, as_json: bool) -> None:
        """The counts (or the JSON report); every row's error on stderr and exit status 1."""
        if as_json:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        elif report.ok:
            message = (
                _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
                % report.as_dict()
            )
            if not report.applied:
                message = _("Checked, nothing applied: %(message)s") % {"message": message}
            self.stdout.write(self.style.SUCCESS(message))
        else:
            for row_error in report.errors:
                self.stderr.write(str(row_error))
        if not report.ok:
            raise CommandError(
                _("%(count)s errors; nothing was applied.") % {"count": len(report.errors)}
            )
