"""Extra panels on the supervision dashboard, contributed by other contexts.

Supervision does not import the contexts that feed it (they depend on supervision, e.g. to issue
efficiency warnings); instead they register a panel here from their AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

PanelContext = Callable[[Any, date], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: PanelContext  # (user, as_of) -> template context, or None to hide the panel


_PANELS: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    _PANELS[panel.key] = panel


def panels_for(user: Any, as_of: date) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) of every registered panel that has something to show."""
    shown = []
    for panel in _PANELS.values():
        context = panel.context(user, as_of)
        if context is not None:
            shown.append((panel.template, context))
    return shown
