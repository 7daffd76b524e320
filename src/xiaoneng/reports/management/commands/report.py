"""xiaoneng report --from DATE --to DATE [--as-of DATE] [--unit ORG] --output FILE [--format pdf]."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiaoneng.core.errors import DomainError
from xiaoneng.core.models import Organization, User
from xiaoneng.reports.services import situation_report_generate
from xiaoneng.reports.template import default_template


def _day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--{name}: enter a date as YYYY-MM-DD, e.g. 2025-12-31") from exc


class Command(BaseCommand):
    help = "Write the situation report (情况汇报) for a period as .docx or PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="date_from")
        parser.add_argument("--to", dest="date_to")
        parser.add_argument("--as-of", dest="as_of")
        parser.add_argument("--unit", help="organization code or name (default: whole city)")
        parser.add_argument("--format", choices=["docx", "pdf"], default=None)
        parser.add_argument("--as-user", default="", help="account whose scope applies")
        parser.add_argument("--output", help="file to write")
        parser.add_argument(
            "--write-template", metavar="FILE", help="write the default Word template and stop"
        )

    def handle(self, *args: object, **options: str) -> None:
        if options["write_template"]:
            Path(options["write_template"]).write_bytes(default_template())
            self.stdout.write(options["write_template"])
            return
        for name in ("date_from", "date_to", "output"):
            if not options[name]:
                raise CommandError(f"--{name.removeprefix('date_')} is required")
        output = Path(options["output"])
        output_format = options["format"] or ("pdf" if output.suffix == ".pdf" else "docx")
        actor = self._actor(options["as_user"])
        unit = None
        if options["unit"]:
            unit = Organization.objects.filter(credit_code=options["unit"]).first() or (
                Organization.objects.filter(name=options["unit"]).first()
            )
            if unit is None:
                raise CommandError(f"--unit: no organization {options['unit']!r}")
        try:
            report = situation_report_generate(
                actor=actor,
                start=_day(options["date_from"], "from"),
                end=_day(options["date_to"], "to"),
                as_of=_day(options["as_of"], "as-of") if options["as_of"] else None,
                unit=unit,
                output_format=output_format,
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        output.write_bytes(report.content)
        self.stdout.write(f"{output} ({len(report.content)} bytes)")

    def _actor(self, username: str) -> User:
        """The account whose scope applies: --as-user, else the first efficiency supervisor."""
        users = User.objects.filter(is_active=True)
        user = (
            users.filter(username=username).first()
            if username
            else users.filter(roles__role="efficiency_supervisor").first()
        )
        if user is None:
            raise CommandError("--as-user: no such active account with report rights")
        return user
