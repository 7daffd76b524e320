"""`xiaoneng import-complaints FILE [--user USERNAME]`: replay historical complaints.

JSON Lines, one event per line (see xiaoneng.complaints.importing and docs/complaints.md).
The acting user must hold complaint.handle over the units concerned; without --user the first
active complaint handler is used. Exit status 1 when any line was refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

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
            raise CommandError(_("file: no such file: %(path)s") % {"path": path})
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except UnicodeDecodeError as error:
            raise CommandError(
                _("file: not UTF-8 text (byte %(pos)s).") % {"pos": error.start + 1}
            ) from error
        if options["user"]:
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(
                    _("--user: no active user named “%(name)s”.") % {"name": options["user"]}
                )
        else:
            actor = (
                User.objects.filter(is_active=True, roles__role=Role.COMPLAINT_HANDLER)
                .order_by("username")
                .first()
            )
            if actor is None:
                raise CommandError(_("--user: no complaint handler exists; name one with --user."))
        report = complaints_import(actor=actor, lines=lines)
        self.stdout.write(report.summary())
        for line_error in report.errors:
            self.stderr.write(str(line_error))
        if not report.ok:
            raise SystemExit(1)
