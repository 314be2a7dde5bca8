"""What pandoc's DOCX leaves undone, finished with lxml inside the package.

- pictures: alt text in both places Word keeps it (never the image's file path),
  decorative ones flagged with Office's decorative extension;
- lists and table cells in named styles (List Bullet, List Number, Table Text, Table
  Figures) instead of direct alignment;
- the language in the default run properties and the settings;
- core properties (title, creator, subject, description, keywords, language, dates) from
  the book, dated by the book (not by the clock).
"""
from __future__ import annotations

from xml.sax.saxutils import escape

from lxml import etree

from ..book import Book
from ..fonts import main_family
from ..locale import resolve
from .docx_package import W, Parts, parse, serialize, w

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}"
ADEC_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
DECORATIVE_EXTENSION = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
EMU_PER_TWIP = 635
DECORATIVE_MARK = "publish:decorative"     # set as the image's title in the AST by docx.py
TEXT_PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
ALIGNED_CELL_STYLES = {"right": "TableFigures", "end": "TableFigures", "center": "TableCentred"}
LIST_STYLES = {"bullet": "ListBullet"}     # every other number format is a numbered list
CONTINUATION = "continuation"             # a level that shows no bullet and no number
MAX_CONTINUE_LEVEL = 5                    # List Continue to List Continue 5 in the reference documents
STALE_STATISTICS = {"Words", "Lines", "Characters", "CharactersWithSpaces", "Paragraphs", "Pages", "TotalTime"}


def finish(parts: Parts, book: Book, full_width_pictures: bool = False) -> Parts:
    list_formats = _list_formats(parts.get("word/numbering.xml"))
    text_width = _text_width(parse(parts["word/document.xml"]))
    for name in TEXT_PARTS:
        if name in parts:
            root = parse(parts[name])
            _finish_pictures(root)
            if full_width_pictures:
                _enlarge_pictures(root, text_width)
            _style_list_items(root, list_formats)
            _style_table_cells(root)
            _languages_of_parts(root)
            _right_to_left_paragraphs_styled(root)
            parts[name] = serialize(root)
    styles = _set_language(parse(parts["word/styles.xml"]), book.language)
    _script_fonts(styles, book)
    if book.locale.rtl:
        _right_to_left(styles)
    parts["word/styles.xml"] = serialize(styles)
    if "word/settings.xml" in parts:
        parts["word/settings.xml"] = serialize(_theme_language(parse(parts["word/settings.xml"]), book.language))
    parts["docProps/core.xml"] = core_properties(book)
    if "docProps/app.xml" in parts:
        parts["docProps/app.xml"] = serialize(_drop_stale_statistics(parse(parts["docProps/app.xml"])))
    if "docProps/custom.xml" in parts:
        parts["docProps/custom.xml"] = serialize(_drop_empty_properties(parse(parts["docProps/custom.xml"])))
    return parts


# --- pictures -----------------------------------------------------------------------------------

def _finish_pictures(root: etree._Element) -> None:
    for drawing in root.iter(f"{W}drawing"):
        doc_pr = next(drawing.iter(f"{WP}docPr"), None)
        if doc_pr is None:
            continue
        if doc_pr.get("title") == DECORATIVE_MARK:
            doc_pr.set("title", "")
            doc_pr.set("descr", "")
            _flag_decorative(doc_pr)
        # pandoc puts the image's absolute path here, where some tools read it as the alt text
        for picture_pr in drawing.iter(f"{PIC}cNvPr"):
            picture_pr.set("descr", doc_pr.get("descr", ""))


def _text_width(document: etree._Element) -> int:
    """The width between the margins, in EMU (635 to a twip)."""
    section = document.find(f"{W}body/{W}sectPr")
    size, margins = section.find(f"{W}pgSz"), section.find(f"{W}pgMar")
    twips = int(size.get(f"{W}w")) - int(margins.get(f"{W}left")) - int(margins.get(f"{W}right"))
    return twips * EMU_PER_TWIP


def _enlarge_pictures(root: etree._Element, text_width: int) -> None:
    """A picture standing alone in its paragraph takes the text's full width, its proportions kept
    (pandoc never enlarges a picture beyond its own size)."""
    for paragraph in root.iter(f"{W}p"):
        drawings = list(paragraph.iter(f"{W}drawing"))
        if len(drawings) != 1 or "".join(t.text or "" for t in paragraph.iter(f"{W}t")).strip():
            continue
        extent = drawings[0].find(f"{WP}inline/{WP}extent")
        if extent is None or int(extent.get("cx")) <= 0:
            continue
        scale = text_width / int(extent.get("cx"))
        for box in (extent, *drawings[0].iter(f"{A}ext")):
            if box.get("cx") is not None:
                box.set("cx", str(text_width))
                box.set("cy", str(round(int(box.get("cy")) * scale)))


def _flag_decorative(doc_pr: etree._Element) -> None:
    """Office's "Mark as decorative" (Word 365): the accessibility checker then asks for no alt text."""
    extensions = doc_pr.find(f"{A}extLst")
    if extensions is None:
        extensions = etree.SubElement(doc_pr, f"{A}extLst")
    extension = etree.SubElement(extensions, f"{A}ext", uri=DECORATIVE_EXTENSION)
    flag = etree.SubElement(extension, f"{{{ADEC_NS}}}decorative", nsmap={"adec": ADEC_NS})
    flag.set("val", "1")


# --- lists and tables in named styles -----------------------------------------------------

def _list_formats(numbering: bytes | None) -> dict[tuple[str, str], str]:
    """(numId, level) -> number format (bullet, decimal, ...), from numbering.xml."""
    if numbering is None:
        return {}
    root = parse(numbering)
    abstract = {a.get(f"{W}abstractNumId"): a for a in root.iter(f"{W}abstractNum")}
    formats: dict[tuple[str, str], str] = {}
    for num in root.iter(f"{W}num"):
        definition = abstract.get(num.find(f"{W}abstractNumId").get(f"{W}val"))
        if definition is None:
            continue
        for level in definition.iter(f"{W}lvl"):
            number_format = level.find(f"{W}numFmt")
            text = level.find(f"{W}lvlText")
            blank = text is not None and not (text.get(f"{W}val") or "").strip()
            formats[(num.get(f"{W}numId"), level.get(f"{W}ilvl"))] = CONTINUATION if blank else \
                number_format.get(f"{W}val") if number_format is not None else "decimal"
    return formats


def _style_list_items(root: etree._Element, formats: dict[tuple[str, str], str]) -> None:
    """List items in List Bullet or List Number: one style to change every list's look."""
    for numbering in list(root.iter(f"{W}numPr")):
        paragraph_pr = numbering.getparent()
        num_id, level = numbering.find(f"{W}numId"), numbering.find(f"{W}ilvl")
        key = (num_id.get(f"{W}val") if num_id is not None else "", level.get(f"{W}val") if level is not None else "0")
        number_format = formats.get(key, "decimal")
        if number_format == CONTINUATION:
            # pandoc indents an item's later paragraphs with a numbering that shows nothing:
            # List Continue does that by style, and the paragraph is no list item of its own
            depth = min(int(key[1]) + 1, MAX_CONTINUE_LEVEL)
            _set_paragraph_style(paragraph_pr, "ListContinue" + (str(depth) if depth > 1 else ""))
            paragraph_pr.remove(numbering)
        else:
            _set_paragraph_style(paragraph_pr, LIST_STYLES.get(number_format, "ListNumber"))


def _style_table_cells(root: etree._Element) -> None:
    """Cell alignment as a paragraph style (Table Figures, right-aligned) instead of direct formatting."""
    for cell in root.iter(f"{W}tc"):
        for paragraph_pr in cell.iterfind(f"{W}p/{W}pPr"):
            alignment = paragraph_pr.find(f"{W}jc")
            style = "TableText"
            if alignment is not None:
                style = ALIGNED_CELL_STYLES.get(alignment.get(f"{W}val"), "TableText")
                paragraph_pr.remove(alignment)
            _set_paragraph_style(paragraph_pr, style)


def _set_paragraph_style(paragraph_pr: etree._Element, style_id: str) -> None:
    style = paragraph_pr.find(f"{W}pStyle")
    if style is None:
        style = w("pStyle")
        paragraph_pr.insert(0, style)
    style.set(f"{W}val", style_id)


# --- language -----------------------------------------------------------------------------------

def _set_language(styles: etree._Element, language: str) -> etree._Element:
    run_pr = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    lang = run_pr.find(f"{W}lang")
    if lang is None:
        lang = etree.SubElement(run_pr, f"{W}lang")
    lang.set(f"{W}val", language)
    return styles


# Where bidi and rtl stand among their siblings (the schema's order, which Word checks)
AFTER_BIDI = {"adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
              "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl",
              "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"}
AFTER_RTL = {"cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"}


def _right_to_left(styles: etree._Element) -> None:
    """A right-to-left book: every paragraph bidi and every run rtl, by default (docDefaults), so that
    Word lays out each paragraph from the right and orders its words as the script does."""
    defaults = styles.find(f"{W}docDefaults")
    paragraph = _child(_child(defaults, "pPrDefault", 1), "pPr")
    run = _child(_child(defaults, "rPrDefault", 0), "rPr")
    _insert_ordered(paragraph, "bidi", AFTER_BIDI)
    _insert_ordered(run, "rtl", AFTER_RTL)


def _child(parent: etree._Element, name: str, at: int = 0) -> etree._Element:
    found = parent.find(f"{W}{name}")
    if found is None:
        found = w(name)
        parent.insert(min(at, len(parent)), found)
    return found


def _insert_ordered(parent: etree._Element, name: str, after: set[str]) -> None:
    if parent.find(f"{W}{name}") is not None:
        return
    later = next((i for i, child in enumerate(parent) if etree.QName(child).localname in after), len(parent))
    parent.insert(later, w(name))


EAST_ASIAN = {"Hans", "Hant", "Jpan", "Kore"}
SIMPLE_SCRIPTS = {"Latn", "Cyrl", "Grek", "Armn", "Geor"}     # Word's ascii/hAnsi runs; the others are cs


def _right_to_left_paragraphs_styled(root: etree._Element) -> None:
    """A right-to-left block in a left-to-right book (::: {lang=ar}): pandoc's writer gives its paragraphs
    w:bidi in place of their Body Text style, so they lost the text's spacing. Paragraphs of the body only
    (a list item's and a table cell's keep theirs)."""
    body = root.find(f"{W}body")
    for paragraph in body if body is not None else ():
        properties = paragraph.find(f"{W}pPr")
        if (paragraph.tag == f"{W}p" and properties is not None and properties.find(f"{W}bidi") is not None
                and properties.find(f"{W}pStyle") is None and properties.find(f"{W}numPr") is None):
            properties.insert(0, w("pStyle", val="BodyText"))


def _languages_of_parts(root: etree._Element) -> None:
    """A part in another language ([mot]{lang=ar}, ::: {lang=zh}): pandoc writes only w:lang/@w:val, which
    Word reads for Latin text; Arabic, Hebrew or Devanagari characters take their language from w:bidi and
    Chinese, Japanese or Korean ones from w:eastAsia, which would else be the document's defaults (ar-SA,
    zh-CN): each is set to the part's own tag."""
    for lang in root.iter(f"{W}lang"):
        tag = lang.get(f"{W}val")
        if not tag or lang.get(f"{W}bidi") or lang.get(f"{W}eastAsia"):
            continue
        script = resolve(tag).script
        if script in EAST_ASIAN:
            lang.set(f"{W}eastAsia", tag)
        elif script not in SIMPLE_SCRIPTS:
            lang.set(f"{W}bidi", tag)


def _script_fonts(styles: etree._Element, book: Book) -> None:
    """Word picks a run's face by the kind of its characters (ascii/hAnsi, eastAsia, cs for complex
    scripts such as Arabic, Hebrew, Devanagari, Thai) and its language by w:eastAsia and w:bidi: name
    the book's script's face and language there, as the other editions set them (fonts.py)."""
    locale = book.locale
    if locale.script == "Latn":
        return
    run = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    fonts = run.find(f"{W}rFonts")
    if fonts is None:
        fonts = w("rFonts")
        run.insert(0, fonts)
    family = main_family(locale.script)
    kind = "eastAsia" if locale.script in EAST_ASIAN else "cs"
    fonts.set(f"{W}{kind}", family)
    fonts.attrib.pop(f"{W}{kind}Theme", None)      # a theme font would win over the face named
    lang = run.find(f"{W}lang")
    if lang is not None:
        lang.set(f"{W}eastAsia" if kind == "eastAsia" else f"{W}bidi", locale.tag)


def _theme_language(settings: etree._Element, language: str) -> etree._Element:
    theme = settings.find(f"{W}themeFontLang")
    if theme is not None:
        theme.set(f"{W}val", language)
    return settings


# --- package properties -------------------------------------------------------------------

def core_properties(book: Book) -> bytes:
    """docProps/core.xml from the book: Word shows these under File > Info, and screen readers
    announce the title instead of the file name."""
    when = book.modified.strftime("%Y-%m-%dT%H:%M:%SZ")
    fields = [
        ("dc:title", book.title),
        ("dc:subject", "; ".join(book.subjects)),
        ("dc:creator", "; ".join(book.creators)),
        ("cp:keywords", ", ".join(book.subjects)),
        ("dc:description", book.description),
        ("dc:identifier", book.identifier),
        ("dc:language", book.language),
    ]
    body = "".join(f"<{tag}>{escape(value)}</{tag}>" for tag, value in fields if value)
    dates = (f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
             f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"{body}{dates}</cp:coreProperties>").encode("utf-8")


def _drop_stale_statistics(app: etree._Element) -> etree._Element:
    """pandoc copies its sample document's counts (83 words, 1 page, 6 minutes' editing): Word counts
    again when it saves, so none is better than a wrong one."""
    for element in list(app):
        if etree.QName(element).localname in STALE_STATISTICS:
            app.remove(element)
    return app


def _drop_empty_properties(custom: etree._Element) -> etree._Element:
    """pandoc writes structured metadata (creator: [{role, text}]) as empty custom properties."""
    for prop in custom.findall(f"{CUSTOM}property"):
        if not "".join(prop.itertext()).strip():
            custom.remove(prop)
    return custom
