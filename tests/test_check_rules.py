"""One fixture per rule: a small file with exactly that fault gives exactly that finding, at its line.

HTML fixtures are files in tests/fixtures/check/html/ whose faulty line carries <!-- fault -->;
EPUB and DOCX fixtures are the clean parts in fixtures/check/epub|docx/ with one change made
here; PDF fixtures are drawn here with pikepdf.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.check.make import FIXTURES, MARKER, line_of, make_font_pdf, make_pdf, zip_folder
from publish.checks import all_rules, check_file
from publish.report import Finding

HTML = FIXTURES / "html"
EPUB = FIXTURES / "epub"
DOCX = FIXTURES / "docx"
HTML_RULES = sorted(p.stem for p in HTML.glob("*.html") if p.stem != "clean")


def _errors_and_warnings(findings: list[Finding]) -> list[tuple[str, int | None]]:
    return [(f.code, f.line) for f in findings]


@pytest.mark.parametrize("code", HTML_RULES)
def test_html_fixture_gives_exactly_its_rule_at_the_marked_line(code: str) -> None:
    fixture = HTML / f"{code}.html"
    text = fixture.read_text(encoding="utf-8")
    expected_line = line_of(text, MARKER) if MARKER in text else None
    findings = check_file(fixture, fixture.name)
    assert _errors_and_warnings(findings) == [(code, expected_line)]
    assert findings[0].file == fixture.name
    assert findings[0].help and findings[0].message.endswith(".")


def test_clean_html_fixture_has_no_findings() -> None:
    assert check_file(HTML / "clean.html") == []


def test_what_only_looks_like_a_fault_is_not_reported(tmp_path: Path) -> None:
    """A hidden heading out of order is not read out; a callout with class="note" is not a footnote."""
    extra = ('<nav hidden=""><h4>Landmarks</h4><img src="x.png"></nav>\n'
             '<div class="note" id="tip"><p>A tip, not a footnote.</p></div>\n</main>')
    page = tmp_path / "page.html"
    page.write_text((HTML / "clean.html").read_text(encoding="utf-8").replace("</main>", extra), encoding="utf-8")
    assert check_file(page, page.name) == []
    shown = tmp_path / "shown.html"
    shown.write_text(page.read_text(encoding="utf-8").replace('<nav hidden="">', "<nav>"), encoding="utf-8")
    assert [f.code for f in check_file(shown, shown.name)] == ["heading-skipped", "alt-missing"]


def test_a_back_link_may_return_to_the_references_wrapper(tmp_path: Path) -> None:
    page = tmp_path / "wrapped.html"
    page.write_text((HTML / "clean.html").read_text(encoding="utf-8").replace(
        '<a href="#fn1" id="fnref1" role="doc-noteref">1</a>',
        '<sup id="fnref1"><a href="#fn1" role="doc-noteref">1</a></sup>'), encoding="utf-8")
    assert check_file(page, page.name) == []


# --- EPUB: (code, member changed, old text, new text, member and text of the line expected) ---------
OPF, CH1, NOTES = "EPUB/content.opf", "EPUB/text/ch1.xhtml", "EPUB/text/notes.xhtml"
META = '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
FEATURES = "\n    ".join(f'<meta property="schema:accessibilityFeature">{feature}</meta>'
                        for feature in ("structuralNavigation", "printPageNumbers", "pageNavigation"))
NAV = "EPUB/nav.xhtml"
PAGE_LIST = ('<nav epub:type="page-list" role="doc-pagelist" hidden="hidden"><h2>Pages</h2>\n'
             '<ol><li><a href="text/ch1.xhtml#page-1">1</a></li><li><a href="text/ch1.xhtml#page-2">2</a></li></ol>\n'
             '</nav>\n')
EPUB_CASES = [
    ("heading-skipped", CH1, '<h2 id="detail">A detail</h2>', '<h4 id="detail">A detail</h4>', CH1, "<h4"),
    ("note-undefined", CH1, ' See <a href="#one">',
     '<a href="notes.xhtml#n3" id="r3" epub:type="noteref" role="doc-noteref">3</a> See <a href="#one">', CH1, "#n3"),
    ("note-no-backlink", NOTES, '<a href="ch1.xhtml#r2" role="doc-backlink">Back</a>', "", NOTES, 'id="n2"'),
    ("link-target-missing", CH1, 'href="#one"', 'href="ch2.xhtml#one"', CH1, 'ch2.xhtml'),
    ("lang-document-missing", NOTES, 'lang="en-GB" xml:lang="en-GB"', "", NOTES, "<html"),
    ("lang-missing", OPF, "<dc:language>en-GB</dc:language>", "", OPF, META),
    ("title-missing", OPF, "<dc:title>A small clean book</dc:title>", "", OPF, META),
    ("title-document-missing", CH1, "<title>Chapter one</title>", "<title></title>", CH1, "<head>"),
    ("meta-access-mode-missing", OPF, '<meta property="schema:accessMode">textual</meta>', "", OPF, META),
    ("meta-sufficient-missing", OPF, '<meta property="schema:accessModeSufficient">textual</meta>', "", OPF, META),
    ("meta-feature-missing", OPF, FEATURES, "", OPF, META),
    ("meta-hazard-missing", OPF, '<meta property="schema:accessibilityHazard">none</meta>', "", OPF, META),
    ("meta-summary-missing", OPF, '<meta property="schema:accessibilitySummary">Headings in order and linked '
                                  'notes.</meta>', "", OPF, META),
    ("meta-conformance-missing", OPF, '<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.2 '
                                      'Level AA</meta>', "", OPF, META),
    ("meta-invalid", OPF, '<meta property="schema:accessibilityHazard">none</meta>',
     '<meta property="schema:accessibilityHazard">safe</meta>', OPF, "safe"),
    ("meta-conformance-invalid", OPF, "WCAG 2.2 Level AA", "WCAG 2.2 AA", OPF, "WCAG 2.2 AA"),
    ("role-epub-type-without-role", CH1, '<section epub:type="chapter" role="doc-chapter">',
     '<section epub:type="chapter">', CH1, "<section"),
    ("page-list-broken", NAV, 'ch1.xhtml#page-2"', 'ch1.xhtml#page-20"', NAV, "#page-20"),
    ("page-break-unlabelled", CH1, ' aria-label="2"', "", CH1, 'id="page-2"'),
    ("page-list-missing", NAV, PAGE_LIST, "", OPF, "printPageNumbers"),
    ("link-name-missing", CH1, '<a href="#one">the start</a>', '<a href="#one"></a>', CH1, 'href="#one"'),
    ("role-epub-type-mismatch", CH1, '<section epub:type="chapter" role="doc-chapter">',
     '<section epub:type="chapter" role="doc-part">', CH1, "<section"),
    ("toc-out-of-order", NAV, '<li><a href="text/ch1.xhtml">Chapter one</a></li><li><a href="text/notes.xhtml#notes">'
     'Notes</a></li>', '<li><a href="text/notes.xhtml#notes">Notes</a></li><li><a href="text/ch1.xhtml">Chapter one'
     '</a></li>', NAV, '">Chapter one'),
]


@pytest.mark.parametrize("code,member,old,new,line_member,line_text", EPUB_CASES, ids=[c[0] for c in EPUB_CASES])
def test_epub_fixture_gives_exactly_its_rule(tmp_path: Path, code: str, member: str, old: str, new: str,
                                             line_member: str, line_text: str | None) -> None:
    book = zip_folder(EPUB, tmp_path / "book.epub", {member: (old, new)})
    changed = (EPUB / line_member).read_text(encoding="utf-8")
    if line_member == member:
        changed = changed.replace(old, new, 1)
    expected_line = line_of(changed, line_text) if line_text else None
    findings = check_file(book, "book.epub")
    assert [(f.code, f.file, f.line) for f in findings] == [(code, f"book.epub!/{line_member}", expected_line)]


def test_clean_epub_fixture_has_no_findings(tmp_path: Path) -> None:
    assert check_file(zip_folder(EPUB, tmp_path / "book.epub"), "book.epub") == []


# --- DOCX ------------------------------------------------------------------------------------------
DOC, FOOTNOTES, CORE, STYLES = "word/document.xml", "word/footnotes.xml", "docProps/core.xml", "word/styles.xml"
DOCX_CASES = [
    ("heading-skipped", DOC, '<w:pStyle w:val="Heading2"/>', '<w:pStyle w:val="Heading4"/>', DOC, "Heading4"),
    ("heading-first-not-top", DOC, '<w:pStyle w:val="ChapterHeading"/>', '<w:pStyle w:val="Heading2"/>', DOC,
     "Chapter one"),
    ("heading-empty", DOC, "<w:t>A detail</w:t>", "", DOC, "Heading2"),
    ("alt-missing", DOC, 'descr="Members by year, rising from 120 to 300."', 'descr=""', DOC, 'name="Picture 1"'),
    ("alt-filename", DOC, 'descr="Members by year, rising from 120 to 300."', 'descr="IMG_2041.JPG"', DOC,
     "IMG_2041"),
    ("note-undefined", FOOTNOTES, '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space='
     '"preserve"> Second note.</w:t></w:r></w:p></w:footnote>', "", DOC,
     '<w:footnoteReference w:id="2"/>'),
    ("note-unreferenced", DOC, '<w:r><w:footnoteReference w:id="2"/></w:r>', "", FOOTNOTES, '<w:footnote w:id="2">'),
    ("table-no-header", DOC, "<w:trPr><w:tblHeader/></w:trPr>", "", DOC, "<w:tbl>"),
    ("link-target-missing", DOC, 'w:anchor="one"', 'w:anchor="chapter-one"', DOC, "chapter-one"),
    ("link-name-missing", DOC, "<w:t>Back to the start</w:t>", "", DOC, "<w:hyperlink"),
    ("id-duplicate", DOC, "<w:r><w:t>A detail</w:t></w:r>",
     '<w:bookmarkStart w:id="1" w:name="one"/><w:r><w:t>A detail</w:t></w:r>', DOC, 'w:id="1" w:name="one"'),
    ("title-missing", CORE, "<dc:title>A small clean document</dc:title>", "", CORE, None),
    ("alt-missing", DOC, "<w:tbl>", '<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml">'
     '<v:imagedata r:id="rId9" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
     "</v:shape></w:pict></w:r></w:p>\n<w:tbl>", DOC, "v:imagedata"),
]


@pytest.mark.parametrize("code,member,old,new,line_member,line_text", DOCX_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(DOCX_CASES)])
def test_docx_fixture_gives_exactly_its_rule(tmp_path: Path, code: str, member: str, old: str, new: str,
                                             line_member: str, line_text: str | None) -> None:
    document = zip_folder(DOCX, tmp_path / "doc.docx", {member: (old, new)})
    changed = (DOCX / line_member).read_text(encoding="utf-8")
    if line_member == member:
        changed = changed.replace(old, new, 1)
    expected_line = line_of(changed, line_text) if line_text else None
    findings = check_file(document, "doc.docx")
    assert [(f.code, f.file, f.line) for f in findings] == [(code, f"doc.docx!/{line_member}", expected_line)]


def test_docx_language_missing_when_neither_styles_nor_properties_declare_it(tmp_path: Path) -> None:
    document = zip_folder(DOCX, tmp_path / "doc.docx", {
        STYLES: ('<w:lang w:val="en-GB"/>', ""), CORE: ("<dc:language>en-GB</dc:language>", "")})
    assert [(f.code, f.file) for f in check_file(document, "doc.docx")] == [("lang-missing", "doc.docx!/docProps/core.xml")]


def test_docx_without_heading_styles_is_warned(tmp_path: Path) -> None:
    flat = DOCX / DOC
    text = flat.read_text(encoding="utf-8")
    for style in ("ChapterHeading", "Heading2"):
        text = text.replace(f'<w:pStyle w:val="{style}"/>', "")
    (tmp_path / "flat").mkdir()
    for part in DOCX.rglob("*"):
        if part.is_file():
            target = tmp_path / "flat" / part.relative_to(DOCX)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode() if part == flat else part.read_bytes())
    findings = check_file(zip_folder(tmp_path / "flat", tmp_path / "none.docx"), "none.docx")
    assert [(f.code, f.severity.value, f.file) for f in findings] == [("heading-none", "warning",
                                                                       "none.docx!/word/document.xml")]


def test_docx_text_box_stored_twice_by_word_is_read_once(tmp_path: Path) -> None:
    box = ('<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
           '<mc:Choice Requires="wps"><w:txbxContent><w:p><w:bookmarkStart w:id="9" w:name="box"/>'
           '<w:r><w:t>In a box</w:t></w:r></w:p></w:txbxContent></mc:Choice>'
           '<mc:Fallback><w:txbxContent><w:p><w:bookmarkStart w:id="9" w:name="box"/>'
           '<w:r><w:t>In a box</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>\n<w:tbl>')
    document = zip_folder(DOCX, tmp_path / "box.docx", {DOC: ("<w:tbl>", box)})
    assert check_file(document, "box.docx") == []


def test_clean_docx_fixture_has_no_findings(tmp_path: Path) -> None:
    assert check_file(zip_folder(DOCX, tmp_path / "doc.docx"), "doc.docx") == []


# --- PDF: lines are page numbers -------------------------------------------------------------------
PDF_CASES = [
    ("meta-untagged", {"tagged": False}, None),
    ("lang-missing", {"lang": None}, None),
    ("title-missing", {"title": None}, None),
    ("title-not-displayed", {"display_title": False}, None),
    ("heading-skipped", {"elements": (("/H1", {}), ("/H3", {}))}, 1),
    ("heading-first-not-top", {"elements": (("/H2", {}),)}, 1),
    ("alt-missing", {"elements": (("/H1", {}), ("/Figure", {}))}, 1),
    ("alt-filename", {"elements": (("/H1", {}), ("/Figure", {"Alt": "scan0001.png"}))}, 1),
    ("table-no-header", {"elements": (("/H1", {}), ("/Table", {}))}, 1),
    ("link-target-missing", {"links": ("note-1", "note-2"), "destinations": ("note-1",)}, 1),
    ("note-undefined", {"note_links": (400, 5000)}, 1),      # the second lands above the top of the page
]


@pytest.mark.parametrize("code,options,line", PDF_CASES, ids=[c[0] for c in PDF_CASES])
def test_pdf_fixture_gives_exactly_its_rule(tmp_path: Path, code: str, options: dict, line: int | None) -> None:
    pytest.importorskip("pikepdf")
    pdf = make_pdf(tmp_path / "book.pdf", **options)
    assert [(f.code, f.line) for f in check_file(pdf, "book.pdf")] == [(code, line)]


def test_clean_pdf_has_no_findings(tmp_path: Path) -> None:
    pytest.importorskip("pikepdf")
    pdf = make_pdf(tmp_path / "book.pdf", elements=(("/H1", {}), ("/Figure", {"Alt": "A bar chart of members."})),
                   links=("note-1",), destinations=("note-1",), note_links=(400, 700))
    assert check_file(pdf, "book.pdf") == []


BRAILLE_CODES = ("braille-line-too-long", "braille-page-too-long", "braille-page-number-out-of-sequence",
                 "braille-print-page-out-of-order", "braille-no-table")


def test_every_rule_has_a_fixture() -> None:
    covered = {*HTML_RULES, *(c[0] for c in EPUB_CASES), *(c[0] for c in DOCX_CASES), *(c[0] for c in PDF_CASES),
               "lang-missing", "heading-none", "dir-progression-missing",   # below: an Arabic EPUB
               "pdf-glyph-missing", "pdf-font-not-embedded",    # below: make_font_pdf
               *(code for code in BRAILLE_CODES)}     # braille's: tests/test_braille.py (broken pages, no table)
    from publish.checks import CONCERNS
    edition_codes = {code for concern in CONCERNS for code in concern.CODES}
    assert edition_codes - covered == set()


def test_rule_codes_are_unique_and_start_with_their_concern() -> None:
    rules = all_rules()
    codes = [rule.code for rule in rules]
    assert len(codes) == len(set(codes))
    concerns = ("heading-", "alt-", "note-", "lang-", "title-", "link-", "table-", "meta-", "id-", "build-", "raw-", "cite-", "font-", "math-",
                "role-", "page-", "landmark-", "button-", "input-", "toc-", "contrast-", "dir-", "pdf-",
                "braille-")
    assert [c for c in codes if not c.startswith(concerns)] == []
    for rule in rules:
        assert rule.message.endswith(".") and rule.help and "<" not in rule.message


# --- writing direction ------------------------------------------------------------------------------
def _rtl_epub(tmp_path: Path, spine: str = '<spine page-progression-direction="rtl">', root_dir: str = ' dir="rtl"'
              ) -> Path:
    """The clean EPUB in Arabic: its documents lang="ar" with root_dir, its spine as given."""
    import shutil
    folder = tmp_path / "rtl"
    shutil.copytree(EPUB, folder)
    for member in (NAV, CH1, NOTES):
        path = folder / member
        path.write_text(path.read_text(encoding="utf-8").replace(
            'lang="en-GB" xml:lang="en-GB"', f'lang="ar" xml:lang="ar"{root_dir}'), encoding="utf-8")
    opf = folder / OPF
    opf.write_text(opf.read_text(encoding="utf-8").replace("<dc:language>en-GB</dc:language>",
                                                           "<dc:language>ar</dc:language>").replace("<spine>", spine),
                   encoding="utf-8")
    return zip_folder(folder, tmp_path / "rtl.epub")


def _codes(findings: list[Finding], prefix: str) -> list[tuple[str, str, int | None]]:
    return [(f.code, f.file, f.line) for f in findings if f.code.startswith(prefix)]


def test_a_right_to_left_epub_with_its_direction_has_no_direction_findings(tmp_path: Path) -> None:
    assert _codes(check_file(_rtl_epub(tmp_path), "rtl.epub"), "dir-") == []


def test_a_right_to_left_epub_whose_spine_turns_left_to_right_is_warned(tmp_path: Path) -> None:
    findings = check_file(_rtl_epub(tmp_path, spine="<spine>"), "rtl.epub")
    assert _codes(findings, "dir-") == [("dir-progression-missing", f"rtl.epub!/{OPF}",
                                         line_of((EPUB / OPF).read_text(encoding="utf-8"), "<spine>"))]


def test_each_right_to_left_epub_document_without_dir_is_an_error(tmp_path: Path) -> None:
    findings = check_file(_rtl_epub(tmp_path, root_dir=""), "rtl.epub")
    assert _codes(findings, "dir-") == [("dir-missing", f"rtl.epub!/{member}", 2) for member in (NAV, CH1, NOTES)]


def test_dir_on_the_body_or_a_document_language_from_the_package_count(tmp_path: Path) -> None:
    page = tmp_path / "body.html"
    page.write_text((HTML / "dir-missing.html").read_text(encoding="utf-8").replace(
        "<body>", '<body dir="rtl">'), encoding="utf-8")
    assert check_file(page, page.name) == []
    clean = tmp_path / "clean.html"
    clean.write_text((HTML / "dir-missing.html").read_text(encoding="utf-8").replace(
        '<html lang="ar">', '<html lang="ar" dir="rtl">'), encoding="utf-8")
    assert check_file(clean, clean.name) == []


def test_a_passage_in_a_right_to_left_language_with_dir_is_not_warned(tmp_path: Path) -> None:
    page = tmp_path / "part.html"
    page.write_text((HTML / "dir-part-missing.html").read_text(encoding="utf-8").replace(
        '<span lang="he">', '<span lang="he" dir="rtl">'), encoding="utf-8")
    assert check_file(page, page.name) == []
    inside = tmp_path / "inside.html"
    inside.write_text((HTML / "dir-part-missing.html").read_text(encoding="utf-8").replace(
        '<span lang="he">', '<span dir="rtl"><span lang="he">').replace("</span>.", "</span></span>."),
        encoding="utf-8")
    assert check_file(inside, inside.name) == []


ARABIC_STYLES = (STYLES, ('<w:lang w:val="en-GB"/>', '<w:lang w:val="ar-EG"/>'))


def test_a_right_to_left_docx_with_no_right_to_left_paragraph_is_an_error(tmp_path: Path) -> None:
    document = zip_folder(DOCX, tmp_path / "doc.docx", dict([ARABIC_STYLES]))
    assert _codes(check_file(document, "doc.docx"), "dir-") == [
        ("dir-missing", f"doc.docx!/{DOC}", line_of((DOCX / DOC).read_text(encoding="utf-8"), "<w:body>"))]


@pytest.mark.parametrize("where,old,new", [
    (STYLES, "<w:docDefaults>", "<w:docDefaults><w:pPrDefault><w:pPr><w:bidi/></w:pPr></w:pPrDefault>"),
    (DOC, "<w:body>", "<w:body><w:p><w:pPr><w:bidi/></w:pPr><w:r><w:rPr><w:rtl/></w:rPr><w:t>نص</w:t></w:r></w:p>"),
])
def test_a_right_to_left_docx_with_bidi_paragraphs_passes(tmp_path: Path, where: str, old: str, new: str) -> None:
    changes = dict([ARABIC_STYLES])
    if where == STYLES:
        changes[STYLES] = (ARABIC_STYLES[1][0], ARABIC_STYLES[1][1])
        styles = tmp_path / "styles"
        import shutil
        shutil.copytree(DOCX, styles)
        path = styles / STYLES
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        document = zip_folder(styles, tmp_path / "doc.docx", changes)
    else:
        changes[DOC] = (old, new)
        document = zip_folder(DOCX, tmp_path / "doc.docx", changes)
    assert _codes(check_file(document, "doc.docx"), "dir-") == []


def test_words_default_complex_script_language_does_not_make_a_docx_right_to_left(tmp_path: Path) -> None:
    document = zip_folder(DOCX, tmp_path / "doc.docx", {STYLES: ('<w:lang w:val="en-GB"/>',
                                                                 '<w:lang w:val="en-GB" w:bidi="ar-SA"/>')})
    assert check_file(document, "doc.docx") == []


# --- labels left in English -------------------------------------------------------------------------
LABELS = HTML / "lang-label-untranslated.html"


def _page(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    text = LABELS.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    page = tmp_path / "page.html"
    page.write_text(text, encoding="utf-8")
    return page


@pytest.mark.parametrize("changes", [
    (('<h2 id="toc-title">Table of Contents</h2>', '<h2 id="toc-title">Sommaire</h2>'),),          # translated
    (('<h2 id="toc-title">', '<h2 id="toc-title" lang="en">'),),                                     # marked English
    (('<nav role="doc-toc"', '<nav lang="en-GB" role="doc-toc"'),),                                  # ... around it
    (('<html lang="fr">', '<html lang="en-GB">'),                                                    # an English page
     ('Aller au contenu principal', 'Skip to main content')),
], ids=["translated", "lang-en", "lang-en-ancestor", "english-document"])
def test_a_label_translated_or_marked_english_is_not_warned(tmp_path: Path, changes) -> None:
    assert check_file(_page(tmp_path, *changes), "page.html") == []


def test_the_catalogues_and_pandocs_english_labels_are_each_found_once_per_label(tmp_path: Path) -> None:
    page = _page(tmp_path, ('<html lang="fr">', '<html lang="de">'),
                 ('Aller au contenu principal', 'Skip to main content'),
                 ('aria-label="Retour à l’appel de la note 1"', 'aria-label="Back to where note 1 is referenced"'),
                 ('<p>Du texte', '<p>Text <span role="doc-pagebreak" id="page-3" aria-label="Page 3"></span>'))
    text = page.read_text(encoding="utf-8")
    findings = check_file(page, "page.html")
    assert [(f.code, f.line, f.message) for f in findings] == [
        ("lang-label-untranslated", line_of(text, "Skip to main"),
         "The English words 'Skip to main content' are in a document whose language is not English, "
         "with no lang=\"en\"."),
        ("lang-label-untranslated", line_of(text, "Table of Contents"),
         "The English words 'Table of Contents' are in a document whose language is not English, "
         "with no lang=\"en\"."),
        ("lang-label-untranslated", line_of(text, "page-3"),
         "The English words 'Page 3' are in a document whose language is not English, with no lang=\"en\" "
         "(1 more like it)."),
        ("lang-label-untranslated", line_of(text, "<h2>Notes"),
         "The English words 'Notes' are in a document whose language is not English, with no lang=\"en\"."),
        ("lang-label-untranslated", line_of(text, "Back to where"),
         "The English words 'Back to where note 1 is referenced' are in a document whose language is not "
         "English, with no lang=\"en\"."),
    ]


def test_an_epub_in_another_language_with_english_navigation_is_warned(tmp_path: Path) -> None:
    """The clean EPUB's English navigation and notes heading, its documents made Arabic: each label once per
    document, at its first line; the chapter's own English words ('Chapter one', 'Back') are no label."""
    findings = check_file(_rtl_epub(tmp_path), "rtl.epub")
    assert [(f.file.partition("!/")[2], f.line, f.message.split("'")[1]) for f in findings] == [
        (NAV, 5, "Contents"), (NAV, 6, "Notes"), (NAV, 8, "Pages"), (NOTES, 6, "Notes")]
    assert {f.code for f in findings} == {"lang-label-untranslated"}



# --- a PDF's fonts ----------------------------------------------------------------------------------
def test_a_pdf_whose_font_has_every_glyph_it_shows_has_no_findings(tmp_path: Path) -> None:
    pytest.importorskip("pikepdf")
    assert check_file(make_font_pdf(tmp_path / "font.pdf"), "font.pdf") == []


def test_a_pdf_font_without_glyphs_for_its_text_is_named_once_with_its_characters_and_page(tmp_path: Path) -> None:
    """Code 2 selects glyph 2 of a two-glyph font, code 0 the .notdef glyph; ToUnicode says they are B and C."""
    pytest.importorskip("pikepdf")
    pdf = make_font_pdf(tmp_path / "font.pdf", codes="0001000200000002", unicode={1: "A", 2: "B", 0: "C"})
    assert [(f.code, f.file, f.line, f.message) for f in check_file(pdf, "font.pdf")] == [
        ("pdf-glyph-missing", "font.pdf", 2, "The font Tiny-Regular has no glyph for 2 characters its text shows "
                                             "(first on page 2): B (U+0042), C (U+0043).")]


def test_a_pdf_font_names_its_first_five_missing_characters_and_glyph_0_without_unicode(tmp_path: Path) -> None:
    pytest.importorskip("pikepdf")
    pdf = make_font_pdf(tmp_path / "font.pdf", codes="00030004000500060007000800090000", page=3,
                        unicode={3: "é", 4: "ж", 5: "ع", 6: "😀", 7: "x", 8: "y", 9: " "})
    assert [(f.code, f.line, f.message) for f in check_file(pdf, "font.pdf")] == [
        ("pdf-glyph-missing", 3, "The font Tiny-Regular has no glyph for 7 characters its text shows (first on "
                                 "page 3): é (U+00E9), ж (U+0436), ع (U+0639), 😀 (U+1F600), x (U+0078) and 2 more.")]
    pdf = make_font_pdf(tmp_path / "zero.pdf", codes="00010000", unicode={1: "A"})
    assert [f.message for f in check_file(pdf, "zero.pdf")] == [
        "The font Tiny-Regular has no glyph for 1 character its text shows (first on page 2): code 0 (no "
        "character given)."]


def test_an_empty_glyph_that_takes_no_room_is_a_shaping_helper_and_one_as_wide_as_a_letter_is_missing(
        tmp_path: Path) -> None:
    """Typst gives Noto Sans Devanagari's NullMark (no outline, no advance) the characters of the cluster it
    shapes (लिं) in ToUnicode; the cluster's other glyphs draw them. A blank glyph as wide as a letter draws
    nothing where its letter should be."""
    pytest.importorskip("pikepdf")
    pdf = make_font_pdf(tmp_path / "font.pdf", codes="000100020003", empties=True,
                        unicode={1: "A", 2: "\u0932\u093f\u0902", 3: "B"})
    assert [(f.code, f.message) for f in check_file(pdf, "font.pdf")] == [
        ("pdf-glyph-missing", "The font Tiny-Regular has no glyph for 1 character its text shows (first on page 2): "
                              "B (U+0042).")]


def test_a_pdf_font_that_is_not_embedded_is_an_error(tmp_path: Path) -> None:
    pytest.importorskip("pikepdf")
    pdf = make_font_pdf(tmp_path / "font.pdf", embed=False)
    assert [(f.code, f.line, f.message) for f in check_file(pdf, "font.pdf")] == [
        ("pdf-font-not-embedded", 2, "The font Tiny-Regular is not embedded in the PDF (first used on page 2).")]


def test_a_standard_font_a_pdf_names_but_does_not_embed_is_an_error_and_type3_needs_none(tmp_path: Path) -> None:
    import pikepdf
    pdf = pikepdf.open(make_pdf(tmp_path / "plain.pdf"), allow_overwriting_input=True)
    helvetica = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                   BaseFont=pikepdf.Name.Helvetica)
    drawn = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type3, FontBBox=[0, 0, 1, 1],
                               FontMatrix=[0.001, 0, 0, 0.001, 0, 0], CharProcs=pikepdf.Dictionary(),
                               Encoding=pikepdf.Dictionary(Differences=[65, pikepdf.Name.A]), FirstChar=65,
                               LastChar=65, Widths=[1000], Resources=pikepdf.Dictionary())
    pdf.pages[0].obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=helvetica, F2=drawn))
    pdf.pages[0].obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 700 Td (Hello) Tj /F2 12 Tf (A) Tj ET")
    pdf.save(tmp_path / "plain.pdf")
    assert [(f.code, f.line) for f in check_file(tmp_path / "plain.pdf", "plain.pdf")] == [
        ("pdf-font-not-embedded", 1)]


def test_a_pdf_font_shown_only_inside_a_form_is_checked_and_a_form_drawing_itself_ends(tmp_path: Path) -> None:
    import pikepdf
    path = make_font_pdf(tmp_path / "form.pdf", codes="0002", unicode={2: "B"})
    pdf = pikepdf.open(path, allow_overwriting_input=True)
    page = pdf.pages[1].obj
    form = pdf.make_stream(page.Contents.read_bytes() + b" /X0 Do", Type=pikepdf.Name.XObject,
                           Subtype=pikepdf.Name.Form, BBox=[0, 0, 595, 842], Resources=page.Resources)
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(X0=form))
    form.Resources.XObject = pikepdf.Dictionary(X0=form)    # a form that draws itself
    page.Contents = pdf.make_stream(b"/X0 Do")
    pdf.save(path)
    assert [(f.code, f.line) for f in check_file(path, "form.pdf")] == [("pdf-glyph-missing", 2)]
