"""`xiaoneng audit verify` checks the hash chain; `xiaoneng audit purge --before DATE` purges
records older than the retention period (younger than 6 months is refused)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.audit import HASH_ALGORITHM, audit_purge, audit_verify
from xiaoneng.core.errors import DomainError
from xiaoneng.core.models import AuditRecord, User
from xiaoneng.core.roles import Role


class Command(BaseCommand):
    help = "Verify or purge the audit trail."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Check the hash chain and name the first broken record.")
        purge = sub.add_parser("purge", help="Purge records older than DATE (≥ 6 months old).")
        purge.add_argument("--before", required=True, help="YYYY-MM-DD")
        purge.add_argument(
            "--as-user", required=True, help="user name of the audit administrator doing it"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            count = AuditRecord.objects.count()
            broken = audit_verify()
            if broken is None:
                self.stdout.write(
                    self.style.SUCCESS(
                        _("Audit chain intact: %(count)d records (%(algorithm)s).")
                        % {"count": count, "algorithm": HASH_ALGORITHM}
                    )
                )
                return
            raise CommandError(
                _("Audit chain broken at record %(id)s: %(reason)s")
                % {"id": broken.record_id, "reason": broken.reason}
            )
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
