"""The book's locale, resolved once from its `lang` tag with langcodes (the IANA registry and CLDR's
likely subtags): language, script, region and writing direction, for every edition alike.

A tag is not split by hand: `zh-Hant-TW` keeps its script and region, `sr-Latn` its script, and
a tag without a script gets its likely one (`zh` is Simplified Chinese, `ar` Arabic), which picks
the CJK face's regional forms and the direction.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import langcodes

# Scripts written right to left (ISO 15924), as CLDR and Unicode's bidi classes have them.
RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Mand", "Samr", "Mend", "Yezi",
                         "Armi", "Avst", "Chrs", "Elym", "Hatr", "Khar", "Lydi", "Mani", "Narb", "Nbat", "Orkh",
                         "Palm", "Phli", "Phlp", "Phnx", "Prti", "Sarb", "Sogd", "Sogo", "Ougr", "Hung", "Cprt"})
DEFAULT_TAG = "en"


@dataclass(frozen=True)
class Locale:
    tag: str          # the tag, in its standard form (zh-Hant-TW)
    language: str     # zh
    script: str       # Hant: as given, or the language's likely script
    region: str       # TW, or "" when the tag names none
    direction: str    # "rtl" or "ltr"

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


@lru_cache(maxsize=64)
def resolve(tag: str | None) -> Locale:
    """The locale of a language tag; an unusable tag is read as English (lang-invalid reports it)."""
    try:
        language = langcodes.Language.get(str(tag or DEFAULT_TAG))
        likely = language.maximize()
    except (langcodes.LanguageTagError, ValueError):
        return resolve(DEFAULT_TAG)
    script = language.script or likely.script or "Latn"
    return Locale(language.to_tag(), language.language or DEFAULT_TAG, script, language.territory or "",
                  "rtl" if script in RTL_SCRIPTS else "ltr")
