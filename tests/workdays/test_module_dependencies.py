"""The working-day modules import one another without a circle (STYLE.md: fix the dependency
direction rather than hide an import); `counting.py` holds what pauses and the calendar share."""

from __future__ import annotations

import ast
from pathlib import Path

import xiaoneng.workdays

PACKAGE = Path(xiaoneng.workdays.__file__).parent


def _imports(path: Path) -> set[str]:
    """Modules of the package that `path` imports anywhere (also under TYPE_CHECKING)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "xiaoneng.workdays":
                found |= {alias.name for alias in node.names}
            elif node.module.startswith("xiaoneng.workdays."):
                found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("xiaoneng.workdays."):
                    found.add(alias.name.split(".")[2])
    return found


def _graph() -> dict[str, set[str]]:
    modules = {p.stem: p for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    return {name: _imports(path) & set(modules) for name, path in modules.items()}


def _cycle_from(graph: dict[str, set[str]], start: str) -> list[str] | None:
    stack = [(start, [start])]
    while stack:
        node, trail = stack.pop()
        for nxt in graph[node]:
            if nxt == start:
                return [*trail, start]
            if nxt not in trail:
                stack.append((nxt, [*trail, nxt]))
    return None


def test_no_import_circle_among_the_working_day_modules():
    graph = _graph()
    assert {"pauses", "workcalendar", "counting"} <= set(graph)
    circles = [c for name in graph if (c := _cycle_from(graph, name))]
    assert circles == []


def test_pauses_and_calendar_share_the_counting_module():
    graph = _graph()
    assert "workcalendar" not in graph["pauses"]
    assert "counting" in graph["pauses"] and "counting" in graph["workcalendar"]
