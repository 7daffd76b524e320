"""`xiaoneng import-complaints FILE [--user USERNAME]`: replay historical complaints.

JSON Lines, one event per line (see xiaoneng.complaints.importing and docs/complaints.md).
The acting user must hold complaint.handle over the units concerned; without --user the first
active complaint handler is used. Exit status 1 when any line was refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xiaoneng.complaints.importing import complaints_import
from xiaoneng.core.models import User
from xiaoneng.core.roles import Role


class Command(BaseCommand):
    help = "Import historical complaints from a JSON Lines file (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="JSON Lines file, UTF-8")
        parser.add_argument("--user", help="username of the importing complaint handler")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"file: {path} does not exist or is not a file.")
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except UnicodeDecodeError as error:
            raise CommandError("file: the file must be UTF-8 text.") from error
        if options["user"]:
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(f"--user: no active user named {options['user']!r}.")
        else:
            actor = (
                User.objects.filter(is_active=True, roles__role=Role.COMPLAINT_HANDLER)
                .order_by("username")
                .first()
            )
            if actor is None:
                raise CommandError("--user: no complaint handler exists; name one with --user.")
        report = complaints_import(actor=actor, lines=lines)
        self.stdout.write(
            f"complaints created: {report.complaints_created}, events applied: "
            f"{report.events_applied}, already present: {report.events_skipped}, "
            f"complaints refused: {report.complaints_failed}"
        )
        for line_error in report.errors:
            self.stderr.write(str(line_error))
        if not report.ok:
            raise SystemExit(1)
