"""Internal links: every link inside the publication reaches a file it holds and an id in that file.
(Note references are notes.py's: a broken one is reported once, as note-undefined; a page list's entries
are pages.py's.) Every link has a name: its text, its image's alt text or an aria-label (axe link-name)."""
from __future__ import annotations

from typing import Iterator

from ..readers.model import Publication
from ..report import Finding
from .rules import rule

BROKEN = rule("link-target-missing")
UNNAMED = rule("link-name-missing")
CODES = ("link-target-missing", "link-name-missing")
HTML_TOP = "top"    # HTML defines #top as the top of the page, with or without such an id


def check(publication: Publication) -> Iterator[Finding]:
    documents = {d.key for d in publication.documents}
    ids = {f"{d.key}#{id_}" for d in publication.documents for id_, _ in d.ids}
    for document in publication.documents:
        for named in document.named:
            if named.kind == "link" and not named.name:
                yield UNNAMED.finding(document.name, named.line)
        for link in document.links:
            if link.target is None:
                continue
            path, _, fragment = link.target.partition("#")
            if path not in documents and path not in publication.members:
                if publication.format == "html":
                    continue     # another file beside a web page: not ours to see
                yield BROKEN.finding(document.name, link.line, f"The link '{link.href}' points to {path}, "
                                                               "which is not in the file.")
            elif fragment and link.target not in ids and not _html_top(publication.format, fragment):
                yield BROKEN.finding(document.name, link.line, _message(publication.format, link.href, fragment))


def _message(fmt: str, href: str, fragment: str) -> str:
    if fmt == "pdf":
        return f"A link leads to {href}, which is not a destination in the file."
    return f"The link '{href}' points to '{fragment}', which is not an id there."


def _html_top(fmt: str, fragment: str) -> bool:
    return fmt in ("html", "epub") and fragment.lower() == HTML_TOP
