"""`xiaoneng restore ARCHIVE --target DIR [--database-url URL]` restores a backup into a new
directory (a VAR_DIR: start a server on it with XIAONENG_VAR_DIR=DIR) and, for a PostgreSQL
backup, into the empty database URL; `--in-place` restores over this installation (stop the
server and the workers first). The restored copy is verified (integrity, `audit verify`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from xiaoneng.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = _("Restore a backup archive into a new directory, or in place.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive")
        parser.add_argument("--target", help=_("empty directory to restore into"))
        parser.add_argument(
            "--database-url", default="", help=_("empty PostgreSQL database for the copy")
        )
        parser.add_argument(
            "--in-place",
            action="store_true",
            help=_("replace this installation's data (server and workers stopped)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if bool(options["target"]) == bool(options["in_place"]):
            raise CommandError(_("Give either --target DIR or --in-place."))
        try:
            result = backup_restore(
                Path(options["archive"]),
                target=Path(options["target"]) if options["target"] else None,
                database_url=options["database_url"],
                in_place=options["in_place"],
            )
        except (BackupError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _(
                "Restored %(engine)s backup into %(target)s; integrity %(integrity)s, audit %(audit)s."
            )
            % {
                "engine": result.engine,
                "target": result.target,
                "integrity": result.verify.integrity,
                "audit": result.verify.audit,
            }
        )
        if not result.verify.ok:
            raise CommandError(_("The restored copy did not verify."))
