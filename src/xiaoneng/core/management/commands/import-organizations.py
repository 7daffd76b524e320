"""`xiaoneng import-organizations FILE.xlsx`: the organization tree from the Excel template."""

from __future__ import annotations

from xiaoneng.core.management.importing import ImportCommand
from xiaoneng.core.onboarding import organization_import


class Command(ImportCommand):
    help = "Import the organization tree from Excel (whole file or nothing; re-runs update)."
    importer = staticmethod(organization_import)
