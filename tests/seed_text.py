"""The seed's words, recovered from the raw PDF extraction, to hold every edition to.

The extraction breaks lines at the print column, prints the notes in the margin
(a line starting with the note number and two spaces, running to a blank line
or to the next page, whose first line starts with a space), marks bullets with
◗ and sets note numbers straight after the punctuation they follow.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

# the raw extraction of the printed paper, kept with the manuscript it was rebuilt from
SEED = Path(__file__).resolve().parents[1] / "manuscript" / "source" / "000_31b353fb7c99c1e4.txt"
NOTE_START = re.compile(r"^(\d+)  (.*)$")
WORD = re.compile(r"[\w’'‘“”.,:/#()&-]*\w[\w’'‘“”.,:/#()&-]*")


def _join(lines: list[str]) -> str:
    """Joins print lines, undoing a break after a hyphen or a URL's slash (all of this text's hyphens are real)."""
    text = ""
    for line in lines:
        line = line.strip()
        if not line:
            text += " "
        elif text.endswith(("-", "/")):
            text += line
        else:
            text += " " + line
    return text


def split_seed(corrections: list[tuple[str, str]] = ()) -> tuple[str, dict[int, str]]:
    """The body text (without note numbers) and the notes by number."""
    body: list[str] = []
    notes: dict[int, list[str]] = {}
    current: int | None = None
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        start = NOTE_START.match(raw)
        if start:
            current = int(start.group(1))
            notes[current] = [start.group(2)]
            continue
        if current is not None and raw.strip() and not raw.startswith(" "):
            notes[current].append(raw)
            continue
        current = None
        body.append(raw.replace("◗", ""))
    text = _join(body)
    # note numbers stand straight after a full stop or closing quote
    text = re.sub(r"(?<=[.”])\d\b", "", text)
    for printed, corrected in corrections:
        text = text.replace(printed, corrected)
    return text, {n: _join(lines) for n, lines in notes.items()}


def words(text: str) -> list[str]:
    """Words with their punctuation stripped, for comparing texts made by different tools."""
    out = []
    text = re.sub(r"[\[\]\u00ad]", " ", text)   # note markers like [1] stand apart from the word
    for token in re.findall(r"\S+", text):
        token = token.strip(".,:;()“”‘’\"'!?")
        token = token.replace("’", "'")
        if any(ch.isalnum() for ch in token):
            out.append(token)
    return out


def missing_words(seed_text: str, edition_text: str) -> Counter:
    """Seed words the edition lacks (or has fewer times)."""
    return Counter(words(seed_text)) - Counter(words(edition_text))
