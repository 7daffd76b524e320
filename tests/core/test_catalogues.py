"""Every Chinese text in a catalogue of xiaoneng is the text the pages show.

Django merges all catalogues into one per language: the project's LOCALE_PATHS first, then the
apps in INSTALLED_APPS order, then Django's and the libraries' own. The same English text
translated differently in two catalogues is therefore shown with one translation everywhere — a
case's "Close" (办结) appeared as 关闭, an admission's "Approve" (批准) as 准予许可 (to grant a
licence). A word that means different things in two places takes a context (`pgettext`,
`{% translate "…" context "…" %}`); a mere second wording is dropped for the one shown.
"""

from __future__ import annotations

import gettext
from pathlib import Path

from django.utils.translation.trans_real import DjangoTranslation

import xiaoneng

CATALOGUES = sorted(Path(xiaoneng.__file__).parent.glob("**/locale/zh_Hans/LC_MESSAGES/django.mo"))


def _merged() -> DjangoTranslation:
    """The catalogue Django builds for the pages, read afresh from the files (not the
    process's cached copy)."""
    return DjangoTranslation("zh-hans")


def test_every_app_has_a_catalogue_to_check():
    assert len(CATALOGUES) >= 10


def test_no_translation_is_hidden_behind_another_catalogues():
    hidden: list[str] = []
    merged = _merged()
    for path in CATALOGUES:
        with path.open("rb") as handle:
            catalogue = gettext.GNUTranslations(handle)
        for key, text in catalogue._catalog.items():  # type: ignore[attr-defined]
            if not key or not isinstance(key, str):  # the header; plural forms
                continue
            shown = merged.gettext(key)  # a context is part of the key: "context\x04text"
            if shown != text:
                app = path.parts[-5]
                hidden.append(f"{app}: {key!r} is {text!r} there but shown as {shown!r}")
    assert not hidden, "\n".join(hidden)
