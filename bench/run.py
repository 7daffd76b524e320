"""Run every ``bench/*_bench.py`` module and print one table (the ``make bench`` entry point).

Each module exposes ``run() -> list[dict]``; see bench/README.md for the row format.
Usage: ``python bench/run.py [name-filter ...] [--strict]``.  A module that raises is
reported and skipped (exit status 1); ``--strict`` also exits 1 when a row misses its goal.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
for path in (ROOT / "src", ROOT):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

Row = Mapping[str, Any]


def discover(filters: Iterable[str] = ()) -> list[Path]:
    """The benchmark modules, optionally only those whose file name contains a filter."""
    wanted = list(filters)
    return [
        path
        for path in sorted(BENCH_DIR.glob("*_bench.py"))
        if not wanted or any(f in path.stem for f in wanted)
    ]


def load_rows(path: Path) -> list[Row]:
    """Import ``path`` and return the rows of its ``run()``."""
    spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.run())


def ops_per_second(row: Row) -> float:
    seconds = float(row["seconds"])
    return float(row["ops"]) / seconds if seconds > 0 else float("inf")


def evaluate(rows: list[Row]) -> list[dict[str, str]]:
    """Format the rows; ratio = ops/s of the row ÷ ops/s of its baseline row."""
    by_name = {row["name"]: row for row in rows}
    table = []
    for row in rows:
        rate = ops_per_second(row)
        baseline = row.get("baseline") or ""
        ratio = ""
        goal = ""
        ratio_value = None
        if baseline:
            if baseline not in by_name:
                raise KeyError(f"row {row['name']!r}: unknown baseline {baseline!r}")
            ratio_value = rate / ops_per_second(by_name[baseline])
            ratio = f"{ratio_value:,.1f}×"
        if row.get("min_ratio") is not None and ratio_value is not None:
            ok = ratio_value >= float(row["min_ratio"])
            goal = f"≥{row['min_ratio']:g}× {'ok' if ok else 'MISSED'}"
        if row.get("min_ops_per_s") is not None:
            ok = rate >= float(row["min_ops_per_s"])
            goal = f"≥{float(row['min_ops_per_s']):,.0f}/s {'ok' if ok else 'MISSED'}"
        table.append(
            {
                "name": str(row["name"]),
                "ops": f"{int(row['ops']):,}",
                "seconds": f"{float(row['seconds']):.4f}",
                "ops/s": f"{rate:,.0f}",
                "baseline": str(baseline),
                "ratio": ratio,
                "goal": goal,
                "note": str(row.get("note") or ""),
            }
        )
    return table


def render(table: list[dict[str, str]]) -> str:
    """A plain-text table, numbers right-aligned."""
    if not table:
        return "no benchmark rows"
    columns = list(table[0])
    widths = {c: max(len(c), *(len(r[c]) for r in table)) for c in columns}
    numeric = {"ops", "seconds", "ops/s", "ratio"}

    def cell(column: str, value: str) -> str:
        return value.rjust(widths[column]) if column in numeric else value.ljust(widths[column])

    lines = ["  ".join(cell(c, c) for c in columns).rstrip()]
    lines.append("  ".join("-" * widths[c] for c in columns))
    lines.extend("  ".join(cell(c, r[c]) for c in columns).rstrip() for r in table)
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    strict = "--strict" in argv
    filters = [a for a in argv if not a.startswith("--")]
    started = time.perf_counter()
    rows: list[Row] = []
    failed: list[str] = []
    for path in discover(filters):
        print(f"running {path.name} …", file=sys.stderr, flush=True)
        module_started = time.perf_counter()
        try:
            rows.extend(load_rows(path))
        except Exception as exc:  # one broken module must not hide the others' results
            failed.append(path.name)
            print(f"  FAILED {path.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        print(f"  {time.perf_counter() - module_started:.1f} s", file=sys.stderr, flush=True)
    table = evaluate(rows)
    print(render(table))
    print(f"\n{len(rows)} rows in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    missed = [r["name"] for r in table if "MISSED" in r["goal"]]
    if missed:
        print(f"goals missed: {', '.join(missed)}", file=sys.stderr)
    if failed:
        print(f"modules failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed or (strict and missed) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
