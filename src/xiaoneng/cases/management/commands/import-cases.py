"""`xiaoneng import-cases FILE`: the historical import of JSON Lines (docs/cases.md)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from xiaoneng.cases.importing import ImportResult, import_file
from xiaoneng.core.errors import InvalidInput


class Command(BaseCommand):
    help = "Import historical cases from a JSON Lines file (one legacy event per line)."
    progress_seconds = 10.0

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="JSON Lines file, UTF-8")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument(
            "--fast",
            action="store_true",
            help="bulk path for large files (results equal the services; "
            "one cases_bulk_loaded signal per batch instead of one "
            "case_event_recorded per event)",
        )

    def _progress(self, options: dict[str, Any]) -> Callable[[ImportResult], None] | None:
        """A line on stderr at most every ``progress_seconds`` (a large file takes minutes)."""
        if options["verbosity"] < 1 or options["json"]:
            return None
        started = last = time.monotonic()

        def report(result: ImportResult) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= self.progress_seconds:
                last = now
                self.stderr.write(
                    _("… %(cases)s cases, %(events)s events applied (%(rate)s events/s)")
                    % {
                        "cases": f"{result.applied_cases:,}",
                        "events": f"{result.applied_events:,}",
                        "rate": f"{result.applied_events / (now - started):,.0f}",
                    }
                )

        return report

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("file: no such file: %(path)s") % {"path": path})
        try:
            report = import_file(
                path, actor=None, fast=options["fast"], progress=self._progress(options)
            )
        except InvalidInput as exc:  # a line that is not UTF-8 text
            raise CommandError(_("file: %(reason)s") % {"reason": exc.message}) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(
                _(
                    "applied cases: %(cases)s, events: %(events)s, already imported: "
                    "%(skipped)s, rejected lines: %(rejected)s"
                )
                % {
                    "cases": report.applied_cases,
                    "events": report.applied_events,
                    "skipped": report.skipped_events,
                    "rejected": len(report.rejected),
                }
            )
            for r in report.rejected:
                where = f" [{r.field}]" if r.field else ""
                self.stdout.write(
                    _("  line %(line)s (%(case)s)%(where)s: %(reason)s")
                    % {"line": r.line, "case": r.case, "where": where, "reason": r.reason}
                )
        if report.rejected:
            raise CommandError(_("%(n)s line(s) rejected") % {"n": len(report.rejected)})
