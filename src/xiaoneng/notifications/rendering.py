"""Templates: validation of the administrator's wording and rendering with a message's values.

A template is plain text with `{name}` placeholders from `kinds.PLACEHOLDERS` for its kind.
Only bare names are allowed — no attribute or index access, no conversions or format specs —
so a template can never reach into Python objects; `{{` and `}}` write literal braces.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from xiaoneng.core.errors import InvalidInput
from xiaoneng.notifications.defaults import DEFAULT_TEMPLATES
from xiaoneng.notifications.kinds import PLACEHOLDERS, Channel
from xiaoneng.notifications.models import MessageTemplate

_FORMATTER = string.Formatter()


def placeholders_in(text: str, *, field: str, allowed: tuple[str, ...]) -> list[str]:
    """The placeholder names used in `text`; refuses unknown or malformed ones, naming `field`."""
    try:
        parts = list(_FORMATTER.parse(text))
    except ValueError as exc:
        raise InvalidInput(
            _("Unbalanced braces: write {{ and }} for a literal brace."), field=field
        ) from exc
    names: list[str] = []
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in allowed or spec or conversion:
            shown = (
                "{"
                + name
                + ("!" + conversion if conversion else "")
                + (":" + spec if spec else "")
                + "}"
            )
            raise InvalidInput(
                _("Unknown placeholder %(placeholder)s; use one of: %(allowed)s.")
                % {"placeholder": shown, "allowed": "、".join("{" + a + "}" for a in allowed)},
                field=field,
            )
        names.append(name)
    return names


def template_validate(*, kind: str, channel: str, subject: str, body: str) -> None:
    """Every placeholder of subject and body must belong to the kind; the body is required."""
    allowed = PLACEHOLDERS[kind]
    if not body.strip():
        raise InvalidInput(_("The text may not be empty."), field="body")
    if channel != Channel.SMS and not subject.strip():
        raise InvalidInput(_("The subject may not be empty."), field="subject")
    placeholders_in(subject, field="subject", allowed=allowed)
    placeholders_in(body, field="body", allowed=allowed)


def template_for(kind: str, channel: str) -> tuple[str, str]:
    """(subject, body): the administrator's template if saved, else the default."""
    saved = MessageTemplate.objects.filter(kind=kind, channel=channel).first()
    if saved is not None:
        return saved.subject, saved.body
    return DEFAULT_TEMPLATES[(kind, channel)]


def render(kind: str, channel: str, context: Mapping[str, Any]) -> tuple[str, str]:
    """Fill the kind's template; a value the caller did not give renders as empty text."""
    subject, body = template_for(kind, channel)
    values = {
        name: "" if context.get(name) is None else str(context[name]) for name in PLACEHOLDERS[kind]
    }
    return subject.format_map(values)[:200], body.format_map(values)
