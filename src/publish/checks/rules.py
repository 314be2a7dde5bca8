"""Every rule, defined once, as data: the manuscript's lint and the editions' checks both report by them.

A rule's code starts with its concern (heading-, alt-, note-, ...) and keeps its meaning once
published. `help` says how to fix it in any file (an edition, or anyone's EPUB, HTML, DOCX or
PDF); `markdown` says how to fix it in the manuscript, when the rule can meet one there.
`reference` names the WCAG success criterion or the standard the rule stands on, and the peer
checkers' rules (Ace by DAISY, axe-core, EPUBCheck, Word's Accessibility Checker, pandoc) it
agrees with, so that a publisher can match our findings with theirs.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..report import Finding, Severity

E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Rule:
    code: str            # e.g. note-unreferenced: the concern first, stable once published
    severity: Severity
    message: str         # one sentence: what is wrong
    help: str            # how to fix it in an edition or anyone's file
    markdown: str = ""   # how to fix it in the manuscript's Markdown ("" when it never meets one)
    reference: str = ""  # the WCAG criterion or standard, and the peers' matching rules

    @property
    def concern(self) -> str:
        return self.code.split("-", 1)[0]

    @property
    def in_manuscript(self) -> bool:
        return bool(self.markdown)

    def finding(self, file: str, line: int | None, message: str | None = None, column: int | None = None,
                manuscript: bool = False) -> Finding:
        """A finding of this rule; message, when given, says it more precisely for this place. A finding
        in the manuscript gets the Markdown to write as its help."""
        advice = self.markdown if manuscript and self.markdown else self.help
        return Finding(file, line, self.severity, self.code, message or self.message, advice, column)


def _meta(code: str, severity: Severity, prop: str, example: str, ace: str) -> Rule:
    return Rule(code, severity, f"The EPUB's package does not declare {prop}.",
                f"Add <meta property=\"{prop}\">{example}</meta> to the package metadata.",
                reference=f"EPUB Accessibility 1.1 §2.1 (discovery metadata); Ace {ace}")


RULES: tuple[Rule, ...] = (
    # --- headings ---
    Rule("heading-skipped", E, "A heading skips a level going down.",
         "Use the next level down (a level 2 heading after a level 1), so readers can follow the structure.",
         "Use the next level down (## after #, ### after ##), so readers can follow the structure.",
         "WCAG 1.3.1, 2.4.6; axe heading-order; Word: headings in order"),
    Rule("heading-first-not-top", E, "The first heading is not a top-level heading.",
         "Make the first heading level 1 (h1, Heading 1 or H1), after the title.",
         "Make the first heading the highest level the text uses (# before any ##); a text whose sections "
         "all start at ## or lower is shifted up in the editions, with no finding.",
         "WCAG 1.3.1; axe page-has-heading-one"),
    Rule("heading-empty", E, "A heading has no text.",
         "Write the heading's text, or make it an ordinary paragraph if it is only spacing.",
         "Write the heading's text after the # marks, or remove the line.",
         "WCAG 1.3.1, 2.4.6; axe empty-heading"),
    Rule("heading-none", W, "The document has no headings.",
         "Mark section titles as headings (Heading 1, 2, ... styles or h1, h2, ...), not as bold text, "
         "so readers can move from section to section.",
         "Start each section with a heading line ('# Section title').",
         "WCAG 1.3.1, 2.4.1; Word: no headings"),
    # --- text alternatives ---
    Rule("alt-missing", E, "An image has no text alternative and is not marked decorative.",
         "Describe what the image shows or means (alt text; in Word, Edit Alt Text); if it is purely "
         "decorative, mark it so (alt=\"\" in HTML, 'Mark as decorative' in Word, an artifact in PDF).",
         "Describe the image between the brackets, ![like this](file.png), or mark a purely decorative "
         "image with {.decorative}: ![](ornament.png){.decorative}.",
         "WCAG 1.1.1; axe image-alt, role-img-alt; Ace; Word: missing alt text; PDF/UA-1 7.3"),
    Rule("alt-filename", E, "An image's alt text is a file name or a word like 'image'.",
         "Write what the image shows or means, as you would say it to someone on the phone.",
         "Write what the image shows or means between the brackets, as you would say it on the phone.",
         "WCAG 1.1.1; Word: meaningless alt text; axe image-redundant-alt"),
    Rule("alt-too-long", W, "An image's alt text is very long (over 250 characters).",
         "Keep alt text short and put the full description in the text or a caption.",
         "Keep the alt text short and put the full description in the text or a caption.",
         "WCAG 1.1.1 (DAISY's and Word's guidance: short alternatives)"),
    Rule("alt-svg-missing", E, "An SVG graphic has no text alternative.",
         "Give the SVG a <title> as its first child (or aria-label), with role=\"img\" on the <svg>; if it is "
         "purely decorative, mark it aria-hidden=\"true\".",
         reference="WCAG 1.1.1; axe svg-img-alt"),
    Rule("alt-role-img-missing", E, "An element with role=\"img\" has no text alternative.",
         "Give it an aria-label (or aria-labelledby, or title) that says what it shows: a role=\"img\" element's "
         "text inside is not read out; if it is decorative, remove the role and mark it aria-hidden=\"true\".",
         reference="WCAG 1.1.1; axe role-img-alt"),
    # --- notes ---
    Rule("note-undefined", E, "A note reference points to no note.",
         "Link the reference to its note's id, or restore the note that was deleted.",
         "Add a definition such as '[^1]: The note's text.' below the paragraph, or remove the reference.",
         "WCAG 1.3.1, 2.4.4; DPUB-ARIA doc-noteref"),
    Rule("note-unreferenced", E, "A note is never referenced from the text.",
         "Add a reference to the note where it belongs in the text, or remove the note.",
         "Put its reference, such as '[^1]', in the text where the note belongs, or delete the definition "
         "(pandoc drops a note that is never referenced).",
         "WCAG 1.3.1; pandoc NoteDefinedButNotUsed"),
    Rule("note-no-backlink", E, "A note has no link back to where it is referenced.",
         "Add a link from the note to its reference's id (role=\"doc-backlink\"), so readers can "
         "return to the text.",
         reference="WCAG 2.4.5; DPUB-ARIA doc-backlink; DAISY Knowledge Base (notes)"),
    Rule("note-duplicate-id", E, "Two notes have the same id.",
         "Give each note its own id, and point each reference at the right one.",
         reference="WCAG 4.1.1 (parsing); axe duplicate-id; EPUBCheck RSC-005"),
    Rule("note-out-of-sequence", E, "Note numbers do not run in sequence.",
         "Number the note references 1, 2, 3, ... in reading order.",
         reference="WCAG 1.3.2 (meaningful sequence)"),
    Rule("note-duplicate-label", E, "Two notes are defined with the same label.",
         "Give each note its own label.",
         "Give each note its own label, e.g. [^3] and [^4]; pandoc keeps only the last definition.",
         "pandoc DuplicateNoteReference"),
    # --- language ---
    Rule("lang-missing", E, "The language of the text is not declared.",
         "Declare it: lang on <html>, dc:language in an EPUB's package, the document language in Word, "
         "/Lang in a PDF (e.g. en-GB).",
         reference="WCAG 3.1.1; axe html-has-lang; Ace epub-lang; PDF/UA-1 7.2"),
    Rule("lang-document-missing", E, "A document in the EPUB does not declare its language.",
         "Add lang and xml:lang to its <html> element (e.g. lang=\"en-GB\" xml:lang=\"en-GB\").",
         reference="WCAG 3.1.1; axe html-has-lang"),
    Rule("lang-invalid", E, "A language tag is not a valid BCP 47 tag.",
         "Use a tag such as en, en-GB or pt-BR.",
         "Write the language as a BCP 47 tag, such as 'lang: en-GB' or [mot]{lang=fr}.",
         "WCAG 3.1.1, 3.1.2; axe html-lang-valid, valid-lang"),
    Rule("lang-label-untranslated", W, "Words a program added are in English inside text in another language.",
         "Translate the label (a table of contents' heading, a note's back link, a skip link, a page number's "
         "name, the cover's name) into the document's language, or mark it as English with lang=\"en\" "
         "(and xml:lang=\"en\" in an EPUB), so that a screen reader speaks it in an English voice.",
         "Set 'lang' in the YAML metadata to the text's language: the editions then write their labels in "
         "it, or in English marked lang=\"en\" for a language the catalogue (styles/labels.json) lacks.",
         "WCAG 3.1.2 (language of parts); no axe-core or Ace rule (axe valid-lang checks only the tags given)"),
    Rule("lang-not-in-metadata", W, "The manuscript does not declare its language.",
         "Declare the text's language.",
         "Add 'lang: en-GB' (or the text's language) to the YAML metadata; the editions then say 'en'.",
         "WCAG 3.1.1"),
    # --- writing direction ---
    Rule("dir-missing", E, "A document in a right-to-left language does not declare its direction.",
         "Add dir=\"rtl\" to the <html> element (beside its lang), or in Word set the paragraphs right-to-left "
         "(Paragraph, Right-to-left): without it the lines are laid out left to right, and punctuation and "
         "numbers land at the wrong end.",
         reference="WCAG 1.3.2 (meaningful sequence); HTML dir attribute; no axe-core or Ace rule"),
    Rule("dir-progression-missing", W, "A right-to-left EPUB does not turn its pages right to left.",
         "Add page-progression-direction=\"rtl\" to the package's <spine>, so that reading systems turn the "
         "pages the way the book reads.",
         reference="WCAG 1.3.2; EPUB 3.3 page-progression-direction; no axe-core or Ace rule"),
    Rule("dir-part-missing", W, "A passage in a right-to-left language has no direction.",
         "Add dir=\"rtl\" beside the lang of the passage (or of an element around it), so that it is laid out "
         "right to left inside the left-to-right text.",
         "Mark the passage with its language, [نص]{lang=ar}: the editions add its direction.",
         "WCAG 1.3.2, 3.1.2; HTML dir attribute; no axe-core or Ace rule"),
    # --- titles ---
    Rule("title-missing", E, "The publication has no title.",
         "Set the title: <title> in HTML, dc:title in an EPUB's package, the Title property in Word, "
         "dc:title in a PDF's XMP metadata.",
         reference="WCAG 2.4.2; Ace epub-title; axe document-title; Word: document title"),
    Rule("title-document-missing", E, "A document in the EPUB has no title element.",
         "Give each content document a <title>, usually its chapter's title.",
         reference="WCAG 2.4.2; axe document-title"),
    Rule("title-not-displayed", W, "The PDF viewer shows the file name instead of the title.",
         "Set /ViewerPreferences /DisplayDocTitle true in the PDF.",
         reference="PDF/UA-1 7.1 (Matterhorn 07-001); WCAG 2.4.2"),
    # --- accessibility metadata ---
    _meta("meta-access-mode-missing", E, "schema:accessMode", "textual", "metadata-accessmode"),
    _meta("meta-feature-missing", E, "schema:accessibilityFeature", "structuralNavigation",
          "metadata-accessibilityfeature"),
    _meta("meta-hazard-missing", E, "schema:accessibilityHazard", "none", "metadata-accessibilityhazard"),
    _meta("meta-summary-missing", E, "schema:accessibilitySummary",
          "How the book is accessible, in a sentence or two.", "metadata-accessibilitysummary"),
    _meta("meta-sufficient-missing", E, "schema:accessModeSufficient", "textual", "metadata-accessmodesufficient"),
    _meta("meta-conformance-missing", W, "dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA",
          "(missing conformance metadata)"),
    Rule("meta-conformance-invalid", W, "The EPUB's dcterms:conformsTo is not a known conformance statement.",
         "Write one of EPUB Accessibility 1.1's conformance strings, such as 'EPUB Accessibility 1.1 - WCAG 2.2 "
         "Level AA' (WCAG 2.0, 2.1 or 2.2; Level A, AA or AAA), or an EPUB Accessibility 1.0 URL such as "
         "http://www.idpf.org/epub/a11y/accessibility-20170105.html#wcag-aa; reading systems and stores "
         "recognise only those.",
         reference="EPUB Accessibility 1.1 §4.1 (conformance reporting); Ace metadata-conformsto-invalid"),
    Rule("meta-invalid", E, "An accessibility metadata value is not in its vocabulary.",
         "Use a value from schema.org's vocabulary for that property (e.g. textual, visual; none).",
         reference="EPUB Accessibility 1.1 §2.1; schema.org accessibility vocabulary; Ace metadata rules"),
    Rule("meta-untagged", E, "The PDF is not tagged.",
         "Export a tagged PDF (PDF/UA), so that screen readers get its headings, figures and reading order.",
         reference="PDF/UA-1 7.1 (Matterhorn 01); WCAG 1.3.1"),
    # --- links ---
    Rule("link-target-missing", E, "An internal link points to nothing.",
         "Point the link at an id or file that exists (check for a typing mistake or a deleted heading).",
         "Point the link at a heading's id that exists, e.g. [see](#a-heading) or [see](#custom-id) with "
         "{#custom-id} after the heading.",
         "WCAG 2.4.4; EPUBCheck RSC-012"),
    Rule("link-name-missing", E, "A link has no text that says where it goes.",
         "Give the link text, or alt text on the image inside it, or an aria-label; a screen reader otherwise "
         "says only 'link' (or reads out the address).",
         reference="WCAG 2.4.4, 4.1.2; axe link-name"),
    Rule("link-image-missing", E, "An image file does not exist.",
         "Check the image's path inside the file.",
         "Check the file name and that the path is relative to the manuscript's folder.",
         "pandoc 'could not fetch resource'"),
    Rule("link-image-outside", E, "An image lies outside the publication's folder.",
         "Store the image in the publication's folder and point to it there.",
         "Copy the image into the manuscript's folder (or a folder inside it) and write that path: a book "
         "takes no file from elsewhere on the machine that builds it (../, an absolute path, a link out).",
         "publish build (untrusted manuscripts)"),
    Rule("link-image-unreadable", E, "An image cannot be used: damaged, too large, or in a format readers cannot show.",
         "Save the image again as PNG or JPEG (or a plain SVG with no scripts), at most 50 million pixels.",
         "Save the image again as PNG or JPEG (or an SVG with no scripts or outside files), at most 50 million "
         "pixels and 50 MB; the editions show its alt text until then.",
         "EPUB 3.3 core media types; publish build (untrusted manuscripts)"),
    Rule("link-image-remote", W, "An image is on the web, not stored with the book.",
         "Store the image with the publication and point to it there.",
         "Save the image beside the manuscript and write its file name, ![What it shows](picture.png): a "
         "build fetches nothing from the web, so the editions show the alt text as a link to the address.",
         "EPUB 3.3 remote resources (EPUBCheck RSC-006); offline builds"),
    # --- tables ---
    Rule("table-no-header", E, "A table has no header cells.",
         "Mark the table's header row or column as headers (th in HTML, 'Repeat as header row' in "
         "Word, TH in PDF), so readers hear what each cell means.",
         "Give the table a header row: the first row of a pipe table, above its |---| line.",
         "WCAG 1.3.1; Word: no header row; PDF/UA-1 7.5"),
    Rule("table-header-empty", W, "A table header cell has no text.",
         "Write what the column or row holds in the header cell (<th>), or make it an ordinary cell (<td>) if it "
         "heads nothing: screen readers announce each cell with its header.",
         reference="WCAG 1.3.1; axe empty-table-header"),
    # --- roles ---
    Rule("role-epub-type-without-role", W, "An element has an epub:type but not the matching DPUB-ARIA role.",
         "Add the role that matches its epub:type (epub:type=\"chapter\" role=\"doc-chapter\", \"footnote\" "
         "role=\"doc-footnote\", \"noteref\" role=\"doc-noteref\", \"pagebreak\" role=\"doc-pagebreak\", "
         "\"toc\" role=\"doc-toc\", ...): screen readers read roles, not epub:type.",
         reference="DPUB-ARIA 1.1; EPUB 3 Structural Semantics; Ace epub-type-has-matching-role"),
    Rule("role-epub-type-mismatch", W, "An element's role says something else than its epub:type.",
         "Make the role match the epub:type (epub:type=\"footnote\" role=\"doc-footnote\", \"noteref\" "
         "role=\"doc-noteref\", \"chapter\" role=\"doc-chapter\", ...), or change the epub:type: screen readers "
         "announce the role.",
         reference="DPUB-ARIA 1.1; EPUB 3 Structural Semantics; WCAG 4.1.2; Ace epub-type-has-matching-role"),
    # --- table of contents ---
    Rule("toc-out-of-order", E, "The table of contents lists a part before one that comes earlier in the book.",
         "Put the navigation document's table of contents (nav epub:type=\"toc\") in reading order, or the spine "
         "in the order the contents give: readers who move by the contents must meet the parts as the book runs.",
         reference="EPUB Accessibility 1.1 (navigation); WCAG 1.3.2, 2.4.5; Ace epub-toc-order"),
    # --- page numbers ---
    Rule("page-list-broken", E, "A page list entry points to no page break.",
         "Point each entry of the navigation document's page list at the id of a page break that exists "
         "(an element with epub:type=\"pagebreak\" role=\"doc-pagebreak\").",
         reference="EPUB Accessibility 1.1 (page navigation); Ace epub-pagelist-broken"),
    Rule("page-break-unlabelled", W, "A page break marker has no page number a screen reader can say.",
         "Give the page break its page number, as aria-label=\"12\" (or title, or text).",
         reference="DPUB-ARIA doc-pagebreak (name required); Ace pagebreak-label"),
    Rule("page-list-missing", W, "The EPUB declares print page numbers but has no page list or page breaks.",
         "Add a page list (nav epub:type=\"page-list\") and page break markers for the print edition's pages, "
         "or stop declaring printPageNumbers, pageBreakMarkers or pageNavigation.",
         reference="EPUB Accessibility 1.1 (page navigation); Ace "
                   "metadata-accessibilityFeature-printPageNumbers-nopagelist, -nopagebreaks"),
    # --- landmarks ---
    Rule("landmark-main-missing", W, "The page has no main landmark.",
         "Put the page's main content in one <main> element, so that readers can jump straight to it.",
         reference="WCAG 1.3.1, 2.4.1; axe landmark-one-main"),
    Rule("landmark-main-duplicate", W, "The page has more than one main landmark.",
         "Keep one <main> element (or role=\"main\") for the page's main content.",
         reference="WCAG 1.3.1; axe landmark-no-duplicate-main"),
    Rule("landmark-not-unique", W, "Two landmarks of one kind have the same name, or none.",
         "Give each of them an aria-label that says what it holds (aria-label=\"Contents\", aria-label=\"Pages\"): "
         "a screen reader lists landmarks by kind and name, and two alike cannot be told apart.",
         reference="WCAG 1.3.1, 2.4.1; axe landmark-unique"),
    # --- buttons ---
    Rule("button-name-missing", E, "A button has no text that says what it does.",
         "Give the button text, or an aria-label (an icon's alt text or an SVG's title also names it).",
         reference="WCAG 4.1.2; axe button-name"),
    Rule("input-name-missing", E, "A form field has no label that says what to enter.",
         "Give the field a <label for=\"its id\"> with text (or put it inside the label), or an aria-label: a "
         "screen reader otherwise says only 'edit text' or 'check box'.",
         reference="WCAG 1.3.1, 4.1.2; axe label, select-name"),
    # --- colour contrast ---
    Rule("contrast-too-low", E, "Text is too faint against its background.",
         "Choose a darker text colour or a lighter background (or the other way round in a dark scheme) so that "
         "text has a contrast of at least 4.5:1, large text (18 pt, or 14 pt bold) 3:1; or leave the colours "
         "to the reader's settings.",
         reference="WCAG 2.2 1.4.3 (contrast, minimum); axe color-contrast"),
    # --- mathematics ---
    Rule("math-tex-unconvertible", W, "A formula's TeX cannot be converted to MathML or Word's equations.",
         "Correct the formula's TeX.",
         "Correct the TeX between the dollars (a brace left open, a command pandoc does not know, such as a "
         "macro of your own): until then the editions show the TeX as it is written.",
         "pandoc CouldNotConvertTeXMath; WCAG 1.3.1"),
    # --- typefaces ---
    Rule("font-glyph-missing", W, "A character is in none of the typefaces the editions embed.",
         "Use a character the typefaces have, or a word for it.",
         "Write a word for it, or a character the typefaces have (letters of every script the editions "
         "set, punctuation, arrows and common symbols are there; emoji are not): the large print shows its "
         "name in brackets, such as [grinning face].",
         "PDF/UA-1 7.21.7 (every glyph drawn from an embedded font); publish fonts"),
    Rule("pdf-glyph-missing", E, "A font in the PDF has no glyph for characters its text shows.",
         "Set the text in a typeface that has those characters (or a font the PDF embeds whole, not cut down "
         "before the text was final), and make the PDF again: the page shows an empty box or nothing where "
         "they are, while a screen reader still reads them.",
         reference="PDF/UA-1 7.21.7, 7.21.8 (Matterhorn 31-009, 31-030: .notdef, a glyph for every character); "
                   "WCAG 1.3.1; no axe-core or Ace rule (they read no PDF)"),
    Rule("pdf-font-not-embedded", E, "A font the PDF uses is not embedded in it.",
         "Make the PDF again with every font embedded (in Word: Options, Save, 'Embed fonts in the file'; "
         "in a PDF printer, 'embed all fonts'): a reader without that font sees other letters, or none.",
         reference="PDF/UA-1 7.21.4.1 (Matterhorn 31-001); ISO 19005 (PDF/A) 6.3.4; no axe-core or Ace rule"),
    # --- citations ---
    Rule("cite-key-missing", E, "A citation's key is not in the bibliography.",
         "Add the work to the bibliography, or correct the key.",
         "Add the work to the bibliography file (or `references:`) under that key, or correct the key after @; "
         "the editions show it as (key?).",
         "pandoc citeproc ('citation ... not found')"),
    # --- raw markup (the manuscript's HTML and other formats' code) ---
    Rule("raw-active-removed", W, "Active or remote content was left out of the editions.",
         "Remove scripts, event handlers (onclick=...), javascript: links, frames, objects, styles and "
         "media from the web: reading systems refuse them or run them, and a book must not fetch anything.",
         "Raw HTML in the manuscript may mark up text (span, abbr, sup, sub, br, tables); the editions leave "
         "out scripts, event handlers, javascript: links, frames, forms, style attributes and elements, and "
         "media from the web, keeping the words around them.",
         "EPUB 3.3 (scripted and remote resources: EPUBCheck OPF-014, RSC-006); WCAG 1.4.3, 2.2.2"),
    Rule("raw-colour-low-contrast", W, "A colour was left out: its text would be too faint to read.",
         "Choose a text colour (and background-color) with a contrast of at least 4.5:1 on the page's "
         "light and dark backgrounds, or leave the colour to the reader's settings.",
         "Raw HTML may colour text (<span style=\"color:...; background-color:...\">) only where the text "
         "keeps a contrast of 4.5:1 in the light and the dark scheme: give the span a background of its own "
         "(color:#ffffff; background-color:#a00000 is 8.4:1), as no text colour alone reaches 4.5:1 on both "
         "white and the dark page; other style properties are left out.",
         "WCAG 2.2 1.4.3 (contrast, minimum); axe color-contrast"),
    Rule("raw-format-removed", W, "Raw markup for another format was left out of the editions.",
         "Write it in the publication's own format.",
         "Raw Typst, LaTeX, OpenXML and other formats' code (```{=typst}```, `x`{=latex}) is left out of "
         "every edition: it could read files on the machine that builds the book. Write the text in Markdown.",
         "publish build (untrusted manuscripts)"),
    # --- the build itself ---
    Rule("build-edition-failed", E, "An edition could not be made.",
         "Read the reason given; the other editions were made all the same.",
         "Read the reason given, mend the manuscript where it points, and build again; the other editions "
         "were made all the same.",
         "publish build"),
    Rule("build-edition-skipped", W, "An edition was not made: a program it needs is not installed.",
         "Install the program the finding names and build again; the other editions were made.",
         "Install the program the finding names (liblouis for the braille editions) and build again; the "
         "other editions were made.",
         "publish build"),
    Rule("build-no-print-pages", W, "The EPUB and HTML have no print page numbers.",
         "Build the large-print PDF, which gives the page numbers.",
         "Mend what stopped the large print (given in the same finding) and build again.",
         "EPUB Accessibility 1.1 (page navigation); DPUB-ARIA doc-pagebreak"),
    # --- ids ---
    Rule("id-duplicate", E, "An id is used more than once in the same document.",
         "Give each element its own id; links to a repeated id reach only the first.",
         "Give each heading or element its own {#id}.",
         "WCAG 4.1.1 (parsing); axe duplicate-id; EPUBCheck RSC-005"),
    # --- braille ---
    Rule("braille-line-too-long", E, "A braille line is longer than the page is wide.",
         "Break the line at a space so that it holds no more cells than the page (40 by default); an embosser "
         "would cut or wrap it.",
         reference="BANA Braille Formats 2016, 1.7 (page size); PEF 1.0 (cols)"),
    Rule("braille-page-too-long", E, "A braille page has more lines than the page holds.",
         "Move the lines past the last one (25 by default) to the next page; an embosser would run them onto "
         "the next sheet and shift every page after it.",
         reference="BANA Braille Formats 2016, 1.7 (page size); PEF 1.0 (rows)"),
    Rule("braille-page-number-out-of-sequence", E, "Braille page numbers do not run in sequence.",
         "Number every braille page at the right end of its last line, 1, 2, 3, ... with the numeric indicator.",
         reference="BANA Braille Formats 2016, 1.15 (braille page numbers)"),
    Rule("braille-print-page-out-of-order", E, "Print page indicators do not run in increasing order.",
         "Give each print page change indicator (a line of dots 36 ending in the print page number) the next "
         "print page's number, in reading order.",
         reference="BANA Braille Formats 2016, 1.11 (print page change indicator)"),
    Rule("braille-no-table", W, "The braille was made with a table for another language.",
         "Translate the text with a braille table for its language (liblouis has tables for most languages), "
         "or have a transcriber check it: the contractions and letters of another language's braille mislead "
         "readers.",
         "Set 'lang' to the text's language (a BCP 47 tag such as fr or es-MX) so that a table for it can be "
         "found; liblouis has none for some languages, and the braille is then made in English UEB.",
         "BANA/ICEB: transcribe each language in its own braille code"),
    Rule("braille-print-pages-mismatch", E, "The braille's print page indicators do not match the large print's "
         "pages.",
         "Make the braille from the same layout as the large print (build both together), so that each print "
         "page has one indicator, in order, and 'turn to page 7' leads every reader to the same words.",
         reference="BANA Braille Formats 2016, 1.11 (print page change indicator); checked only when the "
                   "folder holds both editions"),
    Rule("braille-words-lost", E, "Read back, the braille does not give the words of the book's other "
         "editions.",
         "Make the braille again from the same manuscript, with the table for its language; words lost in "
         "translation (or a wrong table) leave braille readers without part of the text.",
         reference="liblouis back-translation; checked only when the folder holds the HTML or EPUB beside it"),
)

RULE: dict[str, Rule] = {rule.code: rule for rule in RULES}
assert len(RULE) == len(RULES), "a rule code is defined twice"


def rule(code: str) -> Rule:
    """The rule with this code (a KeyError names a code that is not defined)."""
    return RULE[code]
