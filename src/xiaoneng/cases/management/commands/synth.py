"""`xiaoneng synth --cases N --seed S`: a realistic year of synthetic cases over the catalog.

Generates import lines (xiaoneng.cases.synth) and imports them as the historical import does
(the bulk path, or the services one event at a time with --through-services), or only writes
them with --output FILE (for benchmarks).
"""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.cases.importing import import_file
from xiaoneng.cases.synth import catalog_items, generate


class Command(BaseCommand):
    help = "Generate (and import) a realistic year of synthetic cases over the catalog."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, required=True, help="number of cases (≥ 1)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--until", default="", help="last day (YYYY-MM-DD, default today)")
        parser.add_argument("--days", type=int, default=365, help="length of the period")
        parser.add_argument("--output", default="", help="only write JSON Lines to this file")
        parser.add_argument(
            "--through-services",
            action="store_true",
            help="replay every event through the services (slow; sends the "
            "per-event signal) instead of the bulk path",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count, days = options["cases"], options["days"]
        if count < 1:
            raise CommandError(_("--cases: give a positive number of cases"))
        if not 1 <= days <= 3660:
            raise CommandError(_("--days: give 1 to 3660 days"))
        try:
            until = (
                date.fromisoformat(options["until"]) if options["until"] else timezone.localdate()
            )
        except ValueError as exc:
            raise CommandError(_("--until: use YYYY-MM-DD")) from exc
        items = catalog_items()
        if not items:
            raise CommandError(_("The catalog has no active items: load it first (xiaoneng demo)."))
        lines = generate(cases=count, seed=options["seed"], items=items, until=until, days=days)
        if options["output"]:
            path = Path(options["output"])
            with path.open("w", encoding="utf-8") as handle:
                written = 0
                for line in lines:
                    handle.write(json.dumps(line, ensure_ascii=False) + "\n")
                    written += 1
            self.stdout.write(f"wrote {written} lines for {count} cases to {path}")
            return
        # Through a temporary file: memory stays bounded for any number of cases.
        with tempfile.TemporaryDirectory(prefix="xiaoneng-synth-") as tmp:
            path = Path(tmp) / "synth.jsonl"
            with path.open("w", encoding="utf-8") as handle:
                for line in lines:
                    handle.write(json.dumps(line, ensure_ascii=False) + "\n")
            report = import_file(path, actor=None, fast=not options["through_services"])
        self.stdout.write(
            f"synthetic cases: {report.applied_cases}, events: {report.applied_events}, "
            f"rejected lines: {len(report.rejected)}"
        )
        for r in report.rejected[:20]:
            self.stdout.write(f"  line {r.line} ({r.case}) [{r.field}]: {r.reason}")
