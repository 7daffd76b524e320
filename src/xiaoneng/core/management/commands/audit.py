"""`xiaoneng audit verify` checks the keyed chain and its checkpoints; `xiaoneng audit purge
--before DATE` purges records older than the retention period (younger than 6 months is refused)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.audit import SCHEME, audit_purge, audit_verify_report, checkpoint_dir
from xiaoneng.core.errors import DomainError
from xiaoneng.core.models import User
from xiaoneng.core.roles import Role


class Command(BaseCommand):
    help = "Verify or purge the audit trail."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "verify", help="Check the keyed chain and its checkpoints; name every break found."
        )
        purge = sub.add_parser("purge", help="Purge records older than DATE (≥ 6 months old).")
        purge.add_argument("--before", required=True, help="YYYY-MM-DD")
        purge.add_argument(
            "--as-user", required=True, help="user name of the audit administrator doing it"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            self._verify()
            return
        try:
            day = date.fromisoformat(options["before"])
        except ValueError as exc:
            raise CommandError(_("--before must be a date like 2025-01-31.")) from exc
        actor = User.objects.filter(
            username=options["as_user"], roles__role=Role.AUDIT_ADMIN
        ).first()
        if actor is None:
            raise CommandError(_("--as-user must name an audit administrator."))
        before = datetime.combine(day, time.min, timezone.get_current_timezone())
        try:
            count = audit_purge(actor=actor, before=before)
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(
            _("Purged %(count)d audit records older than %(day)s.") % {"count": count, "day": day}
        )

    def _verify(self) -> None:
        report = audit_verify_report()
        checkpoint = report.checkpoint
        self.stdout.write(
            _("%(count)d records, sealed with %(scheme)s; checkpoints in %(dir)s.")
            % {"count": report.records, "scheme": SCHEME, "dir": checkpoint_dir()}
        )
        if report.legacy:
            self.stdout.write(
                _("%(count)d older records use the public digest, sealed by the first keyed one.")
                % {"count": report.legacy}
            )
        if report.purged_through:
            self.stdout.write(
                _("Records up to %(id)s were purged, as the purge record states.")
                % {"id": report.purged_through}
            )
        if checkpoint is not None:
            self.stdout.write(
                _("Newest checkpoint: record %(id)s at %(at)s.")
                % {"id": checkpoint.head_id, "at": checkpoint.at}
            )
        if report.unanchored:
            self.stdout.write(
                _("%(count)d newer records are not yet covered by a checkpoint.")
                % {"count": report.unanchored}
            )
        for chain_break in report.breaks[1:]:
            self.stderr.write(
                _("Also: record %(id)s: %(reason)s")
                % {"id": chain_break.record_id, "reason": chain_break.reason}
            )
        if report.breaks:
            first = report.breaks[0]
            raise CommandError(
                _("Audit chain broken at record %(id)s: %(reason)s")
                % {"id": first.record_id, "reason": first.reason}
            )
        self.stdout.write(self.style.SUCCESS(_("Audit trail intact.")))
