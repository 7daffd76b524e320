"""`xiaoneng import-halls FILE.xlsx --actor USERNAME [--dry-run]`: halls and windows from Excel;
`xiaoneng import-halls --template FILE.xlsx` writes the empty template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from xiaoneng.core.management.importing import ImportCommand
from xiaoneng.core.models import User
from xiaoneng.hall.services.imports import halls_import, halls_template


class Command(ImportCommand):
    """The onboarding imports' command with an actor: the hall services need a staff member
    with hall.manage over each hall's unit (the system has no scope of its own here)."""

    help = "Import service halls and windows from Excel (whole file or nothing; re-runs update)."
    importer = staticmethod(halls_import)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="Excel workbook (.xlsx) in the template")
        parser.add_argument("--template", metavar="FILE", help="write the template and stop")
        parser.add_argument(
            "--actor", help="username of the staff member with hall.manage the import acts as"
        )
        parser.add_argument("--dry-run", action="store_true", help="check only, apply nothing")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def actor(self, options: dict[str, Any]) -> User | None:
        actor = User.objects.filter(username=options["actor"], is_active=True).first()
        if actor is None:
            raise CommandError(_("actor: no such active user."))
        return actor

    def handle(self, *args: Any, **options: Any) -> None:
        if options["template"]:
            Path(options["template"]).write_bytes(halls_template())
            self.stdout.write(self.style.SUCCESS(str(options["template"])))
            return
        if not options["file"] or not options["actor"]:
            raise CommandError(_("Give the workbook and --actor (or --template FILE)."))
        super().handle(*args, **options)
