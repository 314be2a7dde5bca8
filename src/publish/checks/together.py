"""Editions of one book checked against each other, when a folder (such as dist/) holds them side by side:
the braille's print page indicators against the large print's pages, and the braille's words, read back
with liblouis, against the HTML's or EPUB's.

A book's editions are known by their file names: `<slug>.brf` and `<slug>.pef` beside
`<slug>-large-print.pdf`, `<slug>.html` and `<slug>.epub`, as the build names them.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Iterator

from .. import brf
from ..errors import PublishError
from ..readers.braille import BraillePublication
from ..report import Finding
from .rules import rule

PAGES_MISMATCH, WORDS_LOST = rule("braille-print-pages-mismatch"), rule("braille-words-lost")
RECOVERED = 0.95     # of the text's words, back from the braille: contractions that read back two ways
#                      cost our own books up to 0.3 %; less than this is text the braille lacks
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def check_folder(files: list[Path]) -> Iterator[Finding]:
    from ..readers import open_publication
    by_name = {f.name: f for f in files}
    opened: dict[Path, BraillePublication] = {}

    def braille_of(path: Path) -> BraillePublication:     # each braille file read once
        if path not in opened:
            opened[path] = open_publication(path, str(path))     # type: ignore[assignment]
        return opened[path]

    for braille in (f for f in files if f.suffix.lower() in (".brf", ".pef")):
        slug = braille.stem
        pdf = by_name.get(f"{slug}-large-print.pdf")
        if pdf is not None:
            yield from _print_pages(braille, braille_of(braille), pdf)
        text = by_name.get(f"{slug}.html") or by_name.get(f"{slug}.epub")
        if text is not None:
            pef = by_name.get(f"{slug}.pef")
            yield from _words(braille, braille_of(braille), text, braille_of(pef) if pef else None)


def _indicators(braille: Path, publication: BraillePublication) -> list[tuple[int, int | None]]:
    """Each print page indicator's page number, with its line in a BRF file."""
    return [(shown, page.line + offset if page.line is not None and braille.suffix.lower() == ".brf" else page.line)
            for page in publication.pages
            for offset, line in enumerate(page.lines) if (shown := brf.print_page(line)) is not None]


def _pdf_pages(pdf: Path) -> tuple[int, int | None]:
    """The large print's number of pages, and the page of its first bookmark (where its text begins)."""
    import pikepdf
    try:
        with pikepdf.open(pdf) as document:
            pages = {page.objgen: number for number, page in enumerate(document.pages, start=1)}
            with document.open_outline() as outline:
                first = next(iter(outline.root), None)
                destination = first.destination if first is not None else None
                if isinstance(destination, pikepdf.Array) and len(destination):
                    return len(pages), pages.get(destination[0].objgen)
                return len(pages), None
    except (pikepdf.PdfError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise PublishError(f"is a damaged PDF ({type(error).__name__})", pdf) from None


def _print_pages(braille: Path, publication: BraillePublication, pdf: Path) -> Iterator[Finding]:
    found = _indicators(braille, publication)
    count, first_text = _pdf_pages(pdf)
    shown = [number for number, _ in found]
    start = shown[0] if shown else (first_text or 1)
    wanted = list(range(min(start, first_text or start), count + 1))
    if shown != wanted:
        extra = sorted(set(shown) - set(wanted))
        missing = sorted(set(wanted) - set(shown))
        where = next((line for number, line in found if number in extra), None)
        said = "; ".join(part for part in (
            f"no indicator for page{'s' if len(missing) > 1 else ''} {_pages(missing)}" if missing else "",
            f"indicators for page{'s' if len(extra) > 1 else ''} {_pages(extra)}, which the large print "
            f"does not have" if extra else "",
            "the indicators repeat or are out of order" if not missing and not extra else "") if part)
        yield PAGES_MISMATCH.finding(braille.name, where, f"The print page indicators do not match the "
                                     f"{count} pages of {pdf.name} (text from page {wanted[0]}): {said}.")


def _pages(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:8]))
    return shown + (f" and {len(numbers) - 8} more" if len(numbers) > 8 else "")


def _words(braille: Path, publication: BraillePublication, text: Path,
           pef: BraillePublication | None) -> Iterator[Finding]:
    from .. import liblouis
    if not liblouis.available():
        return      # the words cannot be read back without liblouis; the other checks do not need it
    language, main_text = _main_text(text)
    table = _table(pef, language or "en")
    if table is None:
        return
    lines = [line for page in publication.pages for line in brf.text_lines(page.lines)]
    back = liblouis.back_translate(table, brf.to_cells(" ".join(lines)))
    wanted = Counter(w.lower() for w in WORD.findall(main_text))
    got = Counter(w.lower() for w in WORD.findall(back))
    if not wanted:
        return
    recovered = sum((wanted & got).values()) / sum(wanted.values())
    if recovered < RECOVERED:
        lost = ", ".join(f"'{w}'" for w, _ in (wanted - got).most_common(5))
        yield WORDS_LOST.finding(braille.name, None, f"Read back with liblouis ({table}), the braille gives "
                                 f"{recovered:.0%} of the words of {text.name}; most missed: {lost}.")


def _table(pef: BraillePublication | None, language: str) -> str | None:
    """The table the braille was made with: the PEF's own note of it, else the language's."""
    from .. import liblouis
    if pef is not None and pef.table and pef.table.get("table"):
        return pef.table["table"]
    try:
        return liblouis.table_for(language).name
    except PublishError:
        return None


def _main_text(path: Path) -> tuple[str | None, str]:
    """The language of an HTML page or EPUB, and the book's words in it: the main text's and notes', not
    navigation, back links, code or formulas. Read under the readers' limits (safe.py), as publish check
    reads them."""
    from lxml import html

    from ..readers.safe import SafeZip, read_file
    if path.suffix.lower() == ".epub":
        with SafeZip.open(path, path.name) as package:
            parts = [package.read(n) for n in sorted(package.names())
                     if n.endswith(".xhtml") and not n.endswith(("nav.xhtml", "cover.xhtml"))]
    else:
        parts = [read_file(path, path.name)]
    words: list[str] = []
    language = None
    for part in parts:
        tree = html.fromstring(part)
        language = language or tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
        # code and formulas are left out: liblouis reads code's punctuation back as contractions
        # (".challenge" gives "dischallenge", the period being the dis groupsign), and a formula's letters
        # (x, ab) as words or contractions, so their words say nothing of what was lost
        for skipped in tree.xpath("//nav | //*[@role='doc-backlink'] | //*[@role='doc-noteref'] | //header"
                                  " | //*[@role='doc-pagebreak'] | //script | //style | //code | //pre"
                                  " | //*[local-name()='math']"):
            skipped.drop_tree()
        body = tree.find(".//main") if tree.find(".//main") is not None else tree
        words.append(body.text_content())
    return language, " ".join(words)
