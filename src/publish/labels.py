"""The words the editions add around the text (contents, notes, the cover's alt text, page numbers, the
large print's title page) in the book's language, from one catalogue: styles/labels.json.

Looked up by the book's locale: language-Script first (zh-Hant), then the language (zh). A
language the catalogue lacks gets English, and `lang` says so, so that a screen reader speaks
those words in an English voice rather than reading them in the book's (WCAG 3.1.2).
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from .locale import Locale
from .styles import style_path

CATALOGUE = "labels.json"
FALLBACK = "en"


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, dict[str, str]]:
    table: dict[str, Any] = json.loads(style_path(CATALOGUE).read_text(encoding="utf-8"))
    table.pop("_comment", None)
    return table


def labels_for(locale: Locale) -> dict[str, str]:
    """Every label in the book's language, any it lacks in English; "lang" is "" when the labels are
    the book's language, else the language they are in (en)."""
    table = _catalogue()
    own = table.get(f"{locale.language}-{locale.script}") or table.get(locale.language)
    return {**table[FALLBACK], **(own or {}), "lang": "" if own else FALLBACK}


def translated(locale: Locale, key: str) -> bool:
    """Whether the catalogue has this label in the book's own language."""
    table = _catalogue()
    own = table.get(f"{locale.language}-{locale.script}") or table.get(locale.language) or {}
    return key in own
