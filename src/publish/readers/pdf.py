"""A PDF, through pikepdf: its structure tree (headings, figures, tables), link annotations and
their destinations, /Lang, title, and whether it is tagged. Lines are page numbers."""
from __future__ import annotations

import io
import logging
from contextlib import contextmanager, redirect_stderr
from pathlib import Path
from typing import Any, Iterator

from ..errors import PublishError
from .model import Document, Heading, Image, Link, NoteRef, Publication, Table
from .safe import FILE_LIMIT, one_line

NODE_LIMIT = 500_000     # structure elements walked at most (a hostile tree may be huge or cyclic)
ROLE_DEPTH = 10
HEADINGS = {f"/H{n}": n for n in range(1, 7)}


def read_pdf(path: Path, name: str) -> Publication:
    with _quiet_pikepdf():
        return _open_and_read(path, name)


@contextmanager
def _quiet_pikepdf() -> Iterator[None]:
    """pikepdf logs, and qpdf prints, what they repair in a damaged file; the user hears one sentence from
    us instead."""
    logger = logging.getLogger("pikepdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with redirect_stderr(io.StringIO()):
            yield
    finally:
        logger.setLevel(level)


def _open_and_read(path: Path, name: str) -> Publication:
    try:
        import pikepdf   # imported here: only PDF checks need it
    except ImportError:
        raise PublishError("cannot be checked: the pikepdf package is not installed", name) from None
    if path.stat().st_size > FILE_LIMIT:
        raise PublishError(f"is more than the {FILE_LIMIT // (1024 * 1024)} MB this checker reads", name)
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise PublishError("is encrypted with a password, so it cannot be checked", name) from None
    except (pikepdf.PdfError, OSError, ValueError) as error:
        reason = one_line(str(error)).replace(str(path), "").strip(" :")[:200]
        raise PublishError(f"is not a readable PDF ({reason or 'damaged'})", name) from None
    try:
        with pdf:
            return _read(pdf, name)
    except (pikepdf.PdfError, KeyError, TypeError, ValueError, AttributeError, RecursionError) as error:
        raise PublishError(f"is a damaged PDF ({type(error).__name__})", name) from None


def _read(pdf: Any, name: str) -> Publication:
    import pikepdf
    root = pdf.Root
    pages = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    document = Document(name=name, key="")
    lang = root.get("/Lang")
    mark_info = root.get("/MarkInfo")
    tagged = bool(mark_info is not None and mark_info.get("/Marked") is True and "/StructTreeRoot" in root)
    viewer = root.get("/ViewerPreferences")
    publication = Publication(name=name, format="pdf", documents=[document],
                              language=str(lang).strip() or None if lang is not None else None,
                              title=_title(pdf), tagged=tagged,
                              displays_title=bool(viewer is not None and viewer.get("/DisplayDocTitle") is True))
    if "/StructTreeRoot" in root:
        role_map = root.StructTreeRoot.get("/RoleMap")
        for element, page in _structure(root.StructTreeRoot, pages):
            role = _standard_role(element.get("/S"), role_map)
            if role in HEADINGS:
                document.headings.append(Heading(HEADINGS[role], None, page))
            elif role == "/Figure":
                alt = element.get("/Alt", element.get("/ActualText"))
                text = str(alt) if alt is not None else None
                document.images.append(Image("", text if text and text.strip() else None, False, page))
            elif role == "/Table":
                document.tables.append(Table(page, _has_header(element, role_map)))
    names = _named_destinations(root)
    # every place a link may land is an "id": each named destination, and each page as "(page N)"
    document.ids = [(name, None) for name in sorted(names)] + [(f"(page {n})", None) for n in pages.values()]
    parents = _parent_tree(root.get("/StructTreeRoot"))
    role_map = root.StructTreeRoot.get("/RoleMap") if "/StructTreeRoot" in root else None
    for number, page in enumerate(pdf.pages, start=1):
        for annotation in page.get("/Annots", pikepdf.Array()):
            if not isinstance(annotation, pikepdf.Dictionary) or annotation.get("/Subtype") != "/Link":
                continue
            link = _link(annotation, names, pages, number)
            if link is None:
                continue
            if _is_note_link(parents.get(_int(annotation.get("/StructParent"))), role_map):
                document.noterefs.append(NoteRef(link.target, "", None, number))
            else:
                document.links.append(link)
    return publication


def _parent_tree(tree_root: Any) -> dict[int, Any]:
    """The structure tree's /ParentTree: for an annotation's /StructParent, its structure element."""
    import pikepdf
    found: dict[int, Any] = {}
    for node in _tree_nodes(tree_root.get("/ParentTree") if tree_root is not None else None):
        numbers = node.get("/Nums")
        if isinstance(numbers, pikepdf.Array):
            for i in range(0, len(numbers) - 1, 2):
                key = _int(numbers[i])
                if key is not None:
                    found[key] = numbers[i + 1]
    return found


def _tree_nodes(top: Any) -> Iterator[Any]:
    """Each node of a PDF number or name tree (/Kids down from top) once, at most NODE_LIMIT of
    them: a hostile file's tree may be cyclic or huge."""
    import pikepdf
    stack, seen, walked = [top], set(), 0
    while stack and walked < NODE_LIMIT:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or (node.is_indirect and node.objgen in seen):
            continue
        if node.is_indirect:
            seen.add(node.objgen)
        walked += 1
        yield node
        stack.extend(node.get("/Kids", []))


def _is_note_link(element: Any, role_map: Any) -> bool:
    """A link tagged inside a Note, or inside a Reference that is not a table of contents entry."""
    import pikepdf
    roles: list[str] = []
    for _ in range(ROLE_DEPTH * 5):
        if not isinstance(element, pikepdf.Dictionary):
            break
        roles.append(_standard_role(element.get("/S"), role_map))
        element = element.get("/P")
    return "/Note" in roles or ("/Reference" in roles and "/TOCI" not in roles)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _structure(tree_root: Any, pages: dict) -> Iterator[tuple[Any, int | None]]:
    """Every structure element with the page it is on, depth first, each visited once."""
    import pikepdf
    stack: list[tuple[Any, int | None]] = [(tree_root.get("/K"), None)]
    seen: set = set()
    walked = 0
    while stack:
        node, page = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend((child, page) for child in reversed(list(node)))
            continue
        if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        walked += 1
        if walked > NODE_LIMIT:
            raise ValueError("structure tree too large")
        pg = node.get("/Pg")
        page = pages.get(pg.objgen, page) if isinstance(pg, pikepdf.Dictionary) else page
        yield node, page
        kids = node.get("/K")
        if kids is not None:
            stack.append((kids, page))


def _standard_role(role: Any, role_map: Any) -> str:
    name = str(role) if role is not None else ""
    for _ in range(ROLE_DEPTH):
        if role_map is None or name in HEADINGS or name not in role_map:
            break
        name = str(role_map[name])
    return name


def _has_header(table: Any, role_map: Any) -> bool:
    import pikepdf
    stack = [table.get("/K")]
    walked = 0
    while stack and walked < NODE_LIMIT:
        node = stack.pop()
        walked += 1
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            if _standard_role(node.get("/S"), role_map) == "/TH":
                return True
            if node.get("/K") is not None:
                stack.append(node.get("/K"))
    return False


def _named_destinations(root: Any) -> set[str]:
    """Names that named destinations may use: the /Dests name tree and the older /Dests dictionary."""
    import pikepdf
    found: set[str] = set()
    names = root.get("/Names")
    for node in _tree_nodes(names.get("/Dests") if names is not None else None):
        pairs = node.get("/Names")
        if pairs is not None:
            found.update(str(pairs[i]) for i in range(0, len(pairs) - 1, 2))
    old = root.get("/Dests")
    if isinstance(old, pikepdf.Dictionary):
        found.update(k.lstrip("/") for k in old.keys())
    return found


def _link(annotation: Any, names: set[str], pages: dict, number: int) -> Link | None:
    import pikepdf
    destination = annotation.get("/Dest")
    action = annotation.get("/A")
    if destination is None and isinstance(action, pikepdf.Dictionary):
        if action.get("/S") != "/GoTo":
            return None      # a web address or another action: it leaves the document
        destination = action.get("/D")
    if isinstance(destination, (pikepdf.String, pikepdf.Name)):
        label = str(destination).lstrip("/")
        return Link(label, f"#{label}", number)
    if isinstance(destination, pikepdf.Array) and len(destination) and isinstance(destination[0], pikepdf.Dictionary):
        target = pages.get(destination[0].objgen)
        if target is None:
            return Link("a page that is not in the file", "#(a page that is not in the file)", number)
        if not _on_page(destination, destination[0]):
            return Link(f"a place off page {target}", f"#(off page {target})", number)
        return Link(f"page {target}", f"#(page {target})", number)
    return Link("no destination", "#(no destination)", number)


def _on_page(destination: Any, page: Any) -> bool:
    """An /XYZ destination's top must fall within the page, or the reader lands nowhere visible."""
    if len(destination) < 4 or str(destination[1]) != "/XYZ":
        return True
    try:
        top = float(destination[3])
        box = [float(v) for v in page.get("/MediaBox", [0, 0, 612, 792])]
    except (TypeError, ValueError):
        return True     # null means "keep the current position"
    return min(box[1], box[3]) <= top <= max(box[1], box[3])


def _title(pdf: Any) -> str | None:
    try:
        title = pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False).get("dc:title")
    except Exception:   # XMP that does not parse: fall back on the Info dictionary
        title = None
    if not title:
        info = pdf.trailer.get("/Info")
        title = str(info.get("/Title")) if info is not None and info.get("/Title") is not None else None
    return title.strip() if title and title.strip() else None
