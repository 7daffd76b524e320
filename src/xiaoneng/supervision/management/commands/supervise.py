"""`xiaoneng supervise [--as-of YYYY-MM-DD] [--full]`: run the supervision sweep once."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from xiaoneng.supervision.sweep import supervise


class Command(BaseCommand):
    help = "Run the supervision sweep: deemed acceptance, watches, breaches, alerts (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", dest="as_of", help="day to sweep as of (YYYY-MM-DD)")
        parser.add_argument(
            "--full",
            action="store_true",
            help="rebuild every open case's watch (after a calendar change)",
        )

    def handle(self, *args: object, **options: object) -> None:
        as_of = None
        if options.get("as_of"):
            try:
                as_of = date.fromisoformat(str(options["as_of"]))
            except ValueError as exc:
                raise CommandError(
                    _("--as-of: enter a date as YYYY-MM-DD, e.g. 2026-11-20.")
                ) from exc
        report = supervise(as_of=as_of, full=bool(options.get("full")))
        self.stdout.write(
            _(
                "Swept as of %(day)s: %(deemed)s deemed accepted, %(watches)s watches refreshed, "
                "%(breaches)s new breaches, %(alerts)s alerts."
            )
            % {
                "day": report.as_of,
                "deemed": report.deemed_accepted,
                "watches": report.watches_refreshed,
                "breaches": report.new_breaches,
                "alerts": report.alerts,
            }
        )
