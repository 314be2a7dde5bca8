"""Makes the two reference documents the DOCX editions are written with: run it after changing a look.

    python3 styles/make_reference_docx.py

It starts from pandoc's own default reference.docx (so every style pandoc uses is there)
and rewrites its styles from the tables below: one typeface partners already have,
sizes, spacing, dark colours with good contrast, and for large print 18 pt and more,
bold headings, 1.5 line spacing, left alignment and no italics anywhere. Both files
are written with fixed zip dates, so running it again gives the same bytes
(tests/test_docx.py checks that the committed files match this script).
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pypandoc
from lxml import etree

from publish.editions.docx_package import W, Parts, parse, read_parts, serialize, w, write_parts

HERE = Path(__file__).resolve().parent
FONT = "Arial"               # on every Windows and Mac; LibreOffice draws it with Liberation Sans
CODE_FONT = "Courier New"
TEXT = "000000"
HEADING = "1F3864"           # dark blue: 11.6:1 on white
MUTED = "404040"             # captions, subtitle: 10.4:1
LINK = "0B5394"              # 7.8:1, and underlined, so a link never depends on colour alone
A4 = {"w": 11906, "h": 16838}


@dataclass(frozen=True)
class Look:
    """One reference document's look. Sizes in points; line spacing in 240ths of a line."""

    filename: str
    body: float
    note: float
    title: float
    subtitle: float
    headings: tuple[float, float, float]     # Heading 1, 2, 3; Heading 4 to 9 take the body size
    line: int                                # 240 single, 276 = 1.15, 360 = 1.5
    paragraph_after: int                     # twips between paragraphs (20 twips a point)
    margin: int                              # page margins, twips
    italics: bool                            # False: no italic anywhere, not even for emphasis
    superscripts: bool                       # False: superscripts and note numbers at full size, raised
    smallest: float                          # no style's text is smaller, whatever pandoc's defaults say


REGULAR = Look("reference.docx", body=12, note=10, title=26, subtitle=16, headings=(20, 16, 13),
               line=276, paragraph_after=160, margin=1440, italics=True, superscripts=True,
               smallest=9)
# UKAAF and ACB: 18 pt minimum for everything, notes and their numbers included; sans serif;
# left-aligned; no italics; a clear space between paragraphs; bold headings, larger than the text.
LARGE_PRINT = Look("reference-large-print.docx", body=18, note=18, title=32, subtitle=24,
                   headings=(26, 22, 20), line=360, paragraph_after=360, margin=1134,
                   italics=False, superscripts=False, smallest=18)
LOOKS = (REGULAR, LARGE_PRINT)

# The order WordprocessingML requires of the children of a style, a pPr and an rPr (ECMA-376 part 1).
STYLE_ORDER = ["name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
               "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
               "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr"]
PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
             "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
             "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr"]
RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
             "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
             "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
             "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"]


def main() -> None:
    for look in LOOKS:
        (HERE / look.filename).write_bytes(reference_bytes(look))
        print(HERE / look.filename)


def reference_bytes(look: Look) -> bytes:
    """The reference document for a look, as the bytes of a DOCX."""
    parts = pandoc_default_reference()
    parts["word/styles.xml"] = serialize(restyle(parse(parts["word/styles.xml"]), look))
    parts["word/document.xml"] = serialize(set_page(parse(parts["word/document.xml"]), look))
    parts["word/theme/theme1.xml"] = theme_fonts(parts["word/theme/theme1.xml"])
    parts["word/settings.xml"] = serialize(current_word_format(parse(parts["word/settings.xml"])))
    add_page_numbers(parts)
    with tempfile.TemporaryDirectory(prefix="publish-reference-") as folder:
        path = Path(folder) / look.filename
        write_parts(parts, path)
        return path.read_bytes()


def pandoc_default_reference() -> Parts:
    with tempfile.TemporaryDirectory(prefix="publish-reference-") as folder:
        path = Path(folder) / "default.docx"
        subprocess.run([pypandoc.get_pandoc_path(), "-o", str(path), "--print-default-data-file",
                        "reference.docx"], check=True)
        return read_parts(path)


# --- the styles ---------------------------------------------------------------------------

def restyle(styles: etree._Element, look: Look) -> etree._Element:
    """Every style's look from the tables below; theme fonts and theme colours removed, so that
    what a style says is what the reader sees."""
    set_defaults(styles, look)
    for style in styles.iter(f"{W}style"):
        strip_theme(style, look)
    for style_id, (kind, name, based_on, ppr, rpr) in style_table(look).items():
        style = find_or_add_style(styles, style_id, kind, name, based_on)
        merge(style, "pPr", ppr, PPR_ORDER, STYLE_ORDER)
        merge(style, "rPr", rpr, RPR_ORDER, STYLE_ORDER)
    table_style(styles, look)
    raise_small_sizes(styles, look)
    return styles


def raise_small_sizes(styles: etree._Element, look: Look) -> None:
    """Styles this script does not list (pandoc's Abstract, Date, ...) keep pandoc's sizes: none below the smallest."""
    smallest = half_points(look.smallest)
    for size_element in styles.iter(f"{W}sz", f"{W}szCs"):
        if int(size_element.get(f"{W}val")) < smallest:
            size_element.set(f"{W}val", str(smallest))


def set_defaults(styles: etree._Element, look: Look) -> None:
    defaults = styles.find(f"{W}docDefaults")
    rpr = defaults.find(f"{W}rPrDefault/{W}rPr")
    fonts = rpr.find(f"{W}rFonts")
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    # East Asian scripts keep the theme's font, for partners who translate into them
    for key, value in (("ascii", FONT), ("eastAsiaTheme", "minorEastAsia"), ("hAnsi", FONT), ("cs", FONT)):
        fonts.set(f"{W}{key}", value)
    merge_children(rpr, [w("color", val=TEXT), w("sz", val=half_points(look.body)),
                         w("szCs", val=half_points(look.body))], RPR_ORDER)
    ppr = defaults.find(f"{W}pPrDefault/{W}pPr")
    merge_children(ppr, [w("spacing", before=0, after=look.paragraph_after, line=look.line, lineRule="auto"),
                         w("jc", val="left")], PPR_ORDER)


def strip_theme(style: etree._Element, look: Look) -> None:
    for props in style.iter(f"{W}rPr"):
        for child in list(props):
            name = etree.QName(child).localname
            if name in ("rFonts", "color") or (not look.italics and name in ("i", "iCs")):
                props.remove(child)
    for jc in style.iter(f"{W}jc"):
        jc.set(f"{W}val", "left")


Props = list[etree._Element]
StyleRow = tuple[str, str, str | None, Props, Props]


def style_table(look: Look) -> dict[str, StyleRow]:
    """Style id -> (type, name, based on, paragraph properties, run properties)."""
    body, note = half_points(look.body), half_points(look.note)
    after = look.paragraph_after

    def italic() -> Props:     # fresh elements each time: lxml moves an element appended twice
        return [w("i"), w("iCs")] if look.italics else [w("b"), w("bCs")]
    table: dict[str, StyleRow] = {
        "Normal": ("paragraph", "Normal", None, [], []),
        "BodyText": ("paragraph", "Body Text", "Normal", [w("spacing", before=0, after=after)], []),
        "FirstParagraph": ("paragraph", "First Paragraph", "BodyText", [], []),
        "Compact": ("paragraph", "Compact", "BodyText",
                    [w("spacing", before=0, after=min(after, 120))], []),
        "Title": ("paragraph", "Title", "Normal",
                  [w("keepNext"), w("spacing", before=0, after=after * 2, line=240, lineRule="auto")],
                  [w("b"), w("bCs"), w("color", val=HEADING), *size(look.title)]),
        "Subtitle": ("paragraph", "Subtitle", "Title", [w("spacing", before=0, after=after)],
                     [w("b", val=0), w("bCs", val=0), w("color", val=MUTED), *size(look.subtitle)]),
        # pandoc bases Author and Date on Title: plain text under it, not a second title
        "Author": ("paragraph", "Author", "Title", [w("keepNext"), w("spacing", before=0, after=after)],
                   [w("b", val=0), w("bCs", val=0), w("color", val=TEXT), *size(look.subtitle)]),
        "Date": ("paragraph", "Date", "Title", [w("keepNext"), w("spacing", before=0, after=after)],
                 [w("b", val=0), w("bCs", val=0), w("color", val=TEXT), *size(look.body)]),
        "BlockText": ("paragraph", "Block Text", "BodyText",
                      [w("spacing", before=after // 2, after=after), w("ind", left=720, right=720, firstLine=0)],
                      []),
        "FootnoteText": ("paragraph", "Footnote Text", "Normal",
                         [w("spacing", before=0, after=min(after, 120), line=look.line if look.note >= 18 else 240,
                            lineRule="auto")],
                         [w("sz", val=note), w("szCs", val=note)]),
        "FootnoteBlockText": ("paragraph", "Footnote Block Text", "FootnoteText", [], []),
        "Caption": ("paragraph", "Caption", "Normal", [w("spacing", before=0, after=after)],
                    [*(italic() if look.italics else []), w("color", val=MUTED if look.italics else TEXT),
                     *size(look.body if not look.italics else look.body - 1)]),
        "TableCaption": ("paragraph", "Table Caption", "Caption", [w("keepNext")], []),
        "ImageCaption": ("paragraph", "Image Caption", "Caption", [], []),
        "Figure": ("paragraph", "Figure", "Normal", [], []),
        "CaptionedFigure": ("paragraph", "Captioned Figure", "Figure", [w("keepNext")], []),
        "ListBullet": ("paragraph", "List Bullet", "BodyText",
                       [w("spacing", before=0, after=min(after, 120)), w("contextualSpacing")], []),
        "ListNumber": ("paragraph", "List Number", "BodyText",
                       [w("spacing", before=0, after=min(after, 120)), w("contextualSpacing")], []),
        # code blocks: the paragraph's place; its runs take Verbatim Char's typeface
        "SourceCode": ("paragraph", "Source Code", "Normal", [w("spacing", before=0, after=after)], []),
        "Footer": ("paragraph", "footer", "Normal", [w("spacing", before=0, after=0)], []),
        "TableText": ("paragraph", "Table Text", "Compact", [w("spacing", before=0, after=0)], []),
        "TableFigures": ("paragraph", "Table Figures", "TableText", [w("jc", val="right")], []),
        "TableCentred": ("paragraph", "Table Centred", "TableText", [w("jc", val="center")], []),
        "FootnoteReference": ("character", "Footnote Reference", "DefaultParagraphFont", [],
                              raised(look, 6) if look.superscripts else [w("b"), w("bCs"), *raised(look, 6)]),
        "Hyperlink": ("character", "Hyperlink", "DefaultParagraphFont", [],
                      [w("color", val=LINK), w("u", val="single")]),
        "Emphasis": ("character", "Emphasis", "DefaultParagraphFont", [], italic()),
        "Strong": ("character", "Strong", "DefaultParagraphFont", [], [w("b"), w("bCs")]),
        "StrongEmphasis": ("character", "Strong Emphasis", "DefaultParagraphFont", [],
                           [w("b"), w("bCs"), *(italic() if look.italics else [])]),
        "Underline": ("character", "Underline", "DefaultParagraphFont", [], [w("u", val="single")]),
        "Strikethrough": ("character", "Strikethrough", "DefaultParagraphFont", [], [w("strike")]),
        "SmallCapitals": ("character", "Small Capitals", "DefaultParagraphFont", [], [w("smallCaps")]),
        "Superscript": ("character", "Superscript", "DefaultParagraphFont", [], raised(look, 6)),
        "Subscript": ("character", "Subscript", "DefaultParagraphFont", [], raised(look, -4)),
        "VerbatimChar": ("character", "Verbatim Char", "DefaultParagraphFont", [],
                         [w("rFonts", ascii=CODE_FONT, hAnsi=CODE_FONT, cs=CODE_FONT), w("sz", val=body),
                          w("szCs", val=body)]),
    }
    for level in range(1, 6):      # a list item's later paragraphs, under its text
        table["ListContinue" + (str(level) if level > 1 else "")] = (
            "paragraph", "List Continue" + (f" {level}" if level > 1 else ""), "BodyText",
            [w("spacing", before=0, after=min(after, 120)), w("ind", left=720 * level)], [])
    sizes = [*look.headings, *([look.body] * 6)]
    before = [after * 2, after * 3 // 2, after, after, after, after, after, after, after]
    for level, (points, space) in enumerate(zip(sizes, before), 1):
        table[f"Heading{level}"] = (
            "paragraph", f"heading {level}", "Normal",
            [w("keepNext"), w("keepLines"), w("spacing", before=space, after=min(after, 160)),
             w("outlineLvl", val=level - 1)],
            [w("b"), w("bCs"), w("i", val=0), w("iCs", val=0), w("color", val=HEADING), *size(points)])
    table["TOCHeading"] = ("paragraph", "TOC Heading", "Heading1", [w("outlineLvl", val=9)], [])
    return table


def raised(look: Look, half_points_up: int) -> Props:
    """Superscript (or subscript); in large print the text keeps its full size and is raised
    (or lowered) instead, since UKAAF wants superscripts as large as the text."""
    if look.superscripts:
        return [w("vertAlign", val="superscript" if half_points_up > 0 else "subscript")]
    return [w("position", val=half_points_up), w("vertAlign", val="baseline")]


def table_style(styles: etree._Element, look: Look) -> None:
    """The Table style: a rule above and below, a bold header row with a rule under it."""
    style = find_or_add_style(styles, "Table", "table", "Table", None)
    for child in style.findall(f"{W}tblStylePr"):
        style.remove(child)
    borders = w("tblBorders")
    for edge in ("top", "bottom"):
        borders.append(w(edge, val="single", sz=8, space=0, color=TEXT))
    tbl_pr = style.find(f"{W}tblPr")
    old = tbl_pr.find(f"{W}tblBorders")
    if old is not None:
        tbl_pr.remove(old)
    tbl_pr.insert(1, borders)      # after tblInd, as CT_TblPr orders them
    header = w("tblStylePr", type="firstRow")
    header.append(w("rPr"))
    header[0].extend([w("b"), w("bCs")])
    cell = w("tcPr")
    cell_borders = w("tcBorders")
    cell_borders.append(w("bottom", val="single", sz=8, space=0, color=TEXT))
    cell.extend([cell_borders, w("vAlign", val="bottom")])
    header.append(cell)
    style.append(header)


def find_or_add_style(styles: etree._Element, style_id: str, kind: str, name: str,
                      based_on: str | None) -> etree._Element:
    style = styles.find(f"{W}style[@{W}styleId='{style_id}']")
    if style is None:
        style = w("style", type=kind, customStyle=1, styleId=style_id)
        style.append(w("name", val=name))
        style.append(w("qFormat"))
        styles.append(style)
    if based_on is not None and style.find(f"{W}basedOn") is None:
        merge_children(style, [w("basedOn", val=based_on)], STYLE_ORDER)
    return style


# --- merging properties in schema order ----------------------------------------------------

def merge(style: etree._Element, tag: str, children: Props, order: list[str], parent_order: list[str]) -> None:
    if not children:
        return
    props = style.find(f"{W}{tag}")
    if props is None:
        props = w(tag)
        merge_children(style, [props], parent_order)
    merge_children(props, children, order)


def merge_children(parent: etree._Element, children: Props, order: list[str]) -> None:
    """Puts each child in parent, replacing one of the same tag (attributes merged), then sorts
    parent's children into the schema's order."""
    for child in children:
        existing = parent.find(child.tag)
        if existing is None:
            parent.append(child)
        else:
            existing.attrib.update(child.attrib)
            existing.extend(list(child))
    rank = {name: index for index, name in enumerate(order)}
    parent[:] = sorted(parent, key=lambda e: rank.get(etree.QName(e).localname, len(order)))


def size(points: float) -> Props:
    return [w("sz", val=half_points(points)), w("szCs", val=half_points(points))]


def half_points(points: float) -> int:
    return round(points * 2)


# --- page and theme ------------------------------------------------------------------------

def set_page(document: etree._Element, look: Look) -> etree._Element:
    """A4 with even margins; footnotes numbered through the whole document."""
    section = document.find(f"{W}body/{W}sectPr")
    for child in list(section):
        if etree.QName(child).localname in ("footnotePr", "pgSz", "pgMar"):
            section.remove(child)
    # pandoc's "restart each section" reads as "restart each chapter" in LibreOffice: 1, 2, 1, 2...
    numbering = w("footnotePr")
    numbering.append(w("numRestart", val="continuous"))
    margin = look.margin
    section.insert(0, numbering)
    section.insert(1, w("pgSz", **A4))
    section.insert(2, w("pgMar", top=margin, right=margin, bottom=margin, left=margin, header=720,
                        footer=720, gutter=0))
    return document


FOOTER = "word/footer1.xml"
FOOTER_ID = "rIdPageNumbers"      # not rId + a number, which pandoc gives to links and images
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def add_page_numbers(parts: Parts) -> None:
    """The page number in a footer on every page, always in the same place (RNIB, UKAAF): pandoc
    keeps the reference document's footers and the section that refers to them."""
    parts[FOOTER] = serialize(footer())
    relationships = parse(parts["word/_rels/document.xml.rels"])
    package = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    etree.SubElement(relationships, f"{package}Relationship", Id=FOOTER_ID, Target="footer1.xml",
                     Type=f"{R_NS}/footer")
    parts["word/_rels/document.xml.rels"] = serialize(relationships)
    types = parse(parts["[Content_Types].xml"])
    content_types = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    etree.SubElement(types, f"{content_types}Override", PartName="/" + FOOTER,
                     ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml")
    parts["[Content_Types].xml"] = serialize(types)
    document = parse(parts["word/document.xml"])
    reference = w("footerReference", type="default")
    reference.set(f"{{{R_NS}}}id", FOOTER_ID)
    document.find(f"{W}body/{W}sectPr").insert(0, reference)
    parts["word/document.xml"] = serialize(document)


def footer() -> etree._Element:
    """A footer paragraph in the Footer style holding Word's PAGE field."""
    root = etree.Element(f"{W}ftr", nsmap={"w": W[1:-1], "r": R_NS})
    paragraph = etree.SubElement(root, f"{W}p")
    properties = etree.SubElement(paragraph, f"{W}pPr")
    properties.append(w("pStyle", val="Footer"))
    for piece in (w("fldChar", fldCharType="begin"), "PAGE", w("fldChar", fldCharType="separate"), "1",
                  w("fldChar", fldCharType="end")):
        run = etree.SubElement(paragraph, f"{W}r")
        if isinstance(piece, str):
            text = etree.SubElement(run, f"{W}instrText" if piece == "PAGE" else f"{W}t")
            text.text = f" {piece} " if piece == "PAGE" else piece
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        else:
            run.append(piece)
    return root


def current_word_format(settings: etree._Element) -> etree._Element:
    """Word 2013 and later, not "Compatibility Mode": there Word offers every accessibility feature
    (such as marking a picture decorative) and its checker runs in full."""
    compat = settings.find(f"{W}compat")
    if compat is None:
        compat = w("compat")
        later = settings.find(f"{W}rsids")
        if later is not None:
            later.addprevious(compat)
        else:
            settings.append(compat)
    for old in compat.findall(f"{W}compatSetting"):
        compat.remove(old)
    compat.append(w("compatSetting", name="compatibilityMode", uri="http://schemas.microsoft.com/office/word", val=15))
    return settings


def theme_fonts(theme: bytes) -> bytes:
    """The theme's Latin fonts made the same typeface, for anything a partner adds with theme fonts."""
    root = parse(theme)
    drawing = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for latin in root.iter(f"{drawing}latin"):
        if latin.getparent().tag in (f"{drawing}majorFont", f"{drawing}minorFont"):
            latin.set("typeface", FONT)
            latin.attrib.pop("panose", None)
    return serialize(root)


if __name__ == "__main__":
    sys.exit(main())
