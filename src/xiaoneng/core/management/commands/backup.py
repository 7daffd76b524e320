"""`xiaoneng backup [--output DIR] [--keep N]`: one verified archive of the database, uploads and
audit anchor, taken while the server runs; older archives beyond BACKUP_KEEP deleted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from xiaoneng.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = _("Back up the database, uploads and audit anchor into one verified archive.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", help=_("directory for the archive (default BACKUP_DIR)"))
        parser.add_argument(
            "--keep", type=int, help=_("archives to keep in that directory (default BACKUP_KEEP)")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"]) if options["output"] else None
        try:
            result = backup_create(output=output, keep=options["keep"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Backup written: %(archive)s (%(engine)s); integrity %(integrity)s, audit %(audit)s.")
            % {
                "archive": result.archive,
                "engine": result.engine,
                "integrity": result.verify.integrity,
                "audit": result.verify.audit,
            }
        )
        for path in result.deleted:
            self.stdout.write(_("Deleted old backup %(path)s.") % {"path": path})
