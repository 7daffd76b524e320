"""URL helpers for the API: every documented path ends in "/" (docs/api.md, "Paths").

Paths that once had no trailing slash keep answering without it, so that existing clients go on
working, but only the form with the slash is in the OpenAPI document.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path


def with_slashless_alias(route: str, view: Any, *, name: str | None = None) -> list[URLPattern]:
    """``route`` (ending in "/") and, hidden from the schema, the same route without the slash."""
    if not route.endswith("/"):
        raise ValueError(f"API routes end in a slash: {route!r}")
    alias = view.cls.as_view(**{**view.initkwargs, "schema": None})
    return [path(route, view, name=name), path(route[:-1], alias)]
