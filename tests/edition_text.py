"""Reading each edition back for tests: its text, its headings, its notes. Uses the real readers."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pypandoc
from lxml import etree, html

XHTML = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
         "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
         "c": "urn:oasis:names:tc:opendocument:xmlns:container"}
W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def epub_documents(path: Path) -> dict[str, etree._Element]:
    """The EPUB's XHTML documents in spine order, by name inside the zip."""
    with zipfile.ZipFile(path) as z:
        container = etree.fromstring(z.read("META-INF/container.xml"))
        opf_name = container.find(".//c:rootfile", XHTML).get("full-path")
        opf = etree.fromstring(z.read(opf_name))
        base = opf_name.rsplit("/", 1)[0] + "/" if "/" in opf_name else ""
        items = {i.get("id"): i.get("href") for i in opf.iterfind(".//opf:manifest/opf:item", XHTML)}
        spine = [items[r.get("idref")] for r in opf.iterfind(".//opf:spine/opf:itemref", XHTML)]
        return {base + href: etree.fromstring(z.read(base + href)) for href in spine}


def epub_nav(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        container = etree.fromstring(z.read("META-INF/container.xml"))
        opf_name = container.find(".//c:rootfile", XHTML).get("full-path")
        opf = etree.fromstring(z.read(opf_name))
        base = opf_name.rsplit("/", 1)[0] + "/" if "/" in opf_name else ""
        nav = opf.find(".//opf:manifest/opf:item[@properties='nav']", XHTML)
        if nav is None:
            nav = next(i for i in opf.iterfind(".//opf:manifest/opf:item", XHTML) if "nav" in (i.get("properties") or "").split())
        return etree.fromstring(z.read(base + nav.get("href")))


def epub_text(path: Path) -> str:
    return "\n".join(" ".join(doc.find("x:body", XHTML).itertext()) for doc in epub_documents(path).values())


def html_tree(path: Path) -> html.HtmlElement:
    return html.fromstring(path.read_bytes())


def html_text(path: Path) -> str:
    body = html_tree(path).find("body")
    return " ".join(body.itertext())


def docx_text(path: Path) -> str:
    """The DOCX read back by pandoc's own DOCX reader, notes included."""
    return pypandoc.convert_file(str(path), "plain", format="docx", extra_args=["--wrap=none", "--standalone"])


def docx_part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def pdf_text(path: Path) -> str:
    """The PDF's text as a reader would copy it, page by page.

    Normalises what only typesetting adds: non-breaking hyphens (U+2011) back to "-",
    word joiners and soft hyphens dropped, and a web address broken after a slash at a
    line's end joined again. A word broken at a line-end hyphen is not joined: that
    split is a defect the tests must see.
    """
    from pdf_pages import read_pdf      # parsed once per run, shared with the other tests
    text = "\n".join(page.text for page in read_pdf(path).pages)
    text = text.replace("\u2011", "-").replace("\u2060", "").replace("\u00ad", "")
    return re.sub(r"(?<=\S/)\n(?=\S)", "", text)
