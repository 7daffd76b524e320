"""`xiaoneng import-staff FILE.xlsx`: staff accounts from the Excel template (docs/onboarding.md)."""

from __future__ import annotations

from xiaoneng.core.management.importing import ImportCommand
from xiaoneng.core.onboarding import staff_import


class Command(ImportCommand):
    help = "Import staff accounts from Excel (whole file or nothing; re-runs update by account)."
    importer = staticmethod(staff_import)
