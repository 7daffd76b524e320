"""Onboarding a city from Excel on SQLite: 2,000 units and 20,000 staff in ≤ 60 s.

Runs in a child process on its own temporary SQLite file (migrated from scratch):
`tests.core.onboarding_synth.workbooks(UNITS, STAFF)` writes the two workbooks in the
template's layout (one city, counties of 50 units), then the timed part is exactly what
`xiaoneng import-organizations FILE` and `xiaoneng import-staff FILE` run: read, validate the
whole file, apply (every account audited, post history opened for rotation). The re-run of the
staff file (all rows unchanged, nothing written) is timed too.

Rows: "onboarding import (units + staff)" with the goal of 22,000 rows in 60 s (≥ 367 rows/s);
the organization and staff parts and the re-run for scale. The note gives the process's CPU
seconds and the machine's load average: on a shared machine the wall clock can be several
times the CPU time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

UNITS = int(os.environ.get("ONBOARDING_BENCH_UNITS", "2000"))
STAFF = int(os.environ.get("ONBOARDING_BENCH_STAFF", "20000"))
GOAL_SECONDS = 60
ROOT = Path(__file__).resolve().parent.parent


def _child() -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from tests.core.onboarding_synth import workbooks

    from xiaoneng.core.models import AuditRecord, User
    from xiaoneng.core.onboarding import organization_import, staff_import
    from xiaoneng.evaluation.models import PostHolding

    call_command("migrate", verbosity=0)
    orgs, staff = workbooks(UNITS, STAFF)
    cpu_started = time.process_time()
    started = time.perf_counter()
    org_report = organization_import(actor=None, data=orgs)
    org_seconds = time.perf_counter() - started
    started = time.perf_counter()
    staff_report = staff_import(actor=None, data=staff)
    staff_seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    if not (org_report.ok and staff_report.ok):
        raise RuntimeError(f"import failed: {(org_report.errors + staff_report.errors)[:5]}")
    started = time.perf_counter()
    again = staff_import(actor=None, data=staff)
    rerun_seconds = time.perf_counter() - started
    if (again.created, again.updated, again.unchanged) != (0, 0, STAFF):
        raise RuntimeError(f"re-run changed something: {again.as_dict()}")
    return {
        "units": org_report.created,
        "staff": staff_report.created,
        "org_seconds": org_seconds,
        "staff_seconds": staff_seconds,
        "rerun_seconds": rerun_seconds,
        "cpu_seconds": cpu_seconds,
        "load": os.getloadavg()[0],
        "users": User.objects.count(),
        "holdings": PostHolding.objects.count(),
        "audit": AuditRecord.objects.count(),
        "org_mb": len(orgs) / 1e6,
        "staff_mb": len(staff) / 1e6,
    }


def run() -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "XIAONENG_VAR_DIR": tmp,
            "DJANGO_SETTINGS_MODULE": "xiaoneng.config.settings.test",
            "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        }
        env.pop("XIAONENG_SETTINGS", None)
        env.pop("XIAONENG_DATABASE_URL", None)  # SQLite, as the goal says
        out = subprocess.run(  # noqa: S603  (this very file, as a child)
            [sys.executable, __file__, "--child"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        if out.returncode != 0:
            raise RuntimeError(out.stderr[-3000:])
        r = json.loads(out.stdout.strip().splitlines()[-1])
    total = r["org_seconds"] + r["staff_seconds"]
    rows = r["units"] + r["staff"]
    return [
        {
            "name": "onboarding import (units + staff)",
            "ops": rows,
            "seconds": total,
            "min_ops_per_s": (UNITS + STAFF) / GOAL_SECONDS,
            "note": f"{r['units']:,} units + {r['staff']:,} staff validated and applied on "
            f"SQLite in {total:.1f} s (goal ≤ {GOAL_SECONDS} s); {r['audit']:,} audit records, "
            f"{r['holdings']:,} post holdings; CPU {r['cpu_seconds']:.1f} s of this process, "
            f"load average {r['load']:.1f} on {os.cpu_count()} CPUs",
        },
        {
            "name": "onboarding import organizations",
            "ops": r["units"],
            "seconds": r["org_seconds"],
            "note": f"{r['org_mb']:.2f} MB workbook, a generation of units at a time",
        },
        {
            "name": "onboarding import staff",
            "ops": r["staff"],
            "seconds": r["staff_seconds"],
            "note": f"{r['staff_mb']:.2f} MB workbook, bulk writes, no password hashed",
        },
        {
            "name": "onboarding re-run staff (unchanged)",
            "ops": r["staff"],
            "seconds": r["rerun_seconds"],
            "baseline": "onboarding import staff",
            "note": "the same file again: validated, all rows unchanged, nothing written",
        },
    ]


if __name__ == "__main__":
    if "--child" in sys.argv:
        print(json.dumps(_child()))
    else:
        for row in run():
            print(row)
