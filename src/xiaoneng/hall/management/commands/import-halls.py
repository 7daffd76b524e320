"""`xiaoneng import-halls FILE.xlsx --actor USERNAME [--dry-run]`: halls and windows from Excel;
`xiaoneng import-halls --template FILE.xlsx` writes the empty template."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from xiaoneng.core.errors import DomainError
from xiaoneng.core.models import User
from xiaoneng.hall.services.imports import halls_import, halls_template


class Command(BaseCommand):
    help = "Import service halls and windows from Excel (whole file or nothing; re-runs update)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="Excel workbook (.xlsx) in the template")
        parser.add_argument("--template", metavar="FILE", help="write the template and stop")
        parser.add_argument(
            "--actor", help="username of the staff member with hall.manage the import acts as"
        )
        parser.add_argument("--dry-run", action="store_true", help="check only, apply nothing")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["template"]:
            Path(options["template"]).write_bytes(halls_template())
            self.stdout.write(self.style.SUCCESS(str(options["template"])))
            return
        if not options["file"] or not options["actor"]:
            raise CommandError(_("Give the workbook and --actor (or --template FILE)."))
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("file: no such file: %(path)s") % {"path": path})
        actor = User.objects.filter(username=options["actor"], is_active=True).first()
        if actor is None:
            raise CommandError(_("actor: no such active user."))
        try:
            report = halls_import(actor=actor, data=path.read_bytes(), apply=not options["dry_run"])
        except DomainError as error:
            raise CommandError(f"{error.field or 'file'}: {error.message}") from error
        if options["json"]:
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
