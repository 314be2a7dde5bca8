"""Removes active and remote content from a manuscript's pandoc AST before any edition is built.

Manuscripts come from partners we do not control. Raw HTML in Markdown reaches the AST as
RawInline/RawBlock nodes that pandoc copies verbatim into the HTML and EPUB editions, so a
`<script>`, an `onclick`, a `javascript:` link or an `<iframe>` would run in a reader's
browser, and an `<img>`/`<audio>` with a web address would make the build (pandoc's EPUB
writer fetches media) or the reader fetch it. Raw Typst can read any file on the machine into
the large-print PDF, and raw OpenXML can pull in remote content, so raw content for any format
but HTML goes entirely. `style` elements go too, and of a `style` attribute only `color` and
`background-color` stay, and only while the text keeps a contrast of 4.5:1 on the page in the light
and the dark scheme (colours.py): other properties can hide text or break the layout, which the
editions' own styles exist to prevent, and a colour too faint to read is left out with a finding of
its own (raw-colour-low-contrast).

HTML is cleaned with nh3 (ammonia, an HTML5 sanitizer). pandoc's Markdown reader splits inline
HTML into one RawInline per tag (`<span onclick="x">`, then Str nodes, then `</span>`), and nh3
given a lone opening tag closes it (`<span></span>`) and drops a lone closing tag; table parts
outside a table (`<td>`, `<tr>`, `<col>`, `<caption>`) it drops altogether. So each fragment is
read tag by tag: nh3 cleans each opening tag inside the context it needs and the cleaned tag is
taken back out of its answer; closing tags are kept when nh3 would keep the element; text is
escaped. A script, style element, inline SVG or MathML goes with its content, including the
sibling nodes between its opening and closing tags when pandoc split them apart.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import nh3

from .ast import ATTR_AT, Node, elements
from .colours import judge_style

HTML_FORMATS = {"html", "html4", "html5"}
# The one raw TeX a book needs, a page break on a line of its own, is kept as a mark the large print
# turns into a page break (the other editions have no pages to break)
PAGE_BREAKS = {"\\newpage", "\\pagebreak", "\\clearpage"}
PAGE_BREAK_CLASS = "page-break"

# Elements removed with their content: code and styles must not show as text, and an SVG's
# or MathML's parts make no sense without it. Everything else nh3 drops keeps its words.
HIDDEN = {"script": "a script", "style": "a style element", "svg": "an inline SVG image",
          "math": "a MathML formula", "template": "a template"}

ELEMENT_NAMES = {
    "iframe": "an iframe", "frame": "a frame", "frameset": "a frameset", "object": "an embedded object",
    "embed": "an embedded plugin", "applet": "a Java applet", "param": "a plugin parameter",
    "form": "a form", "input": "a form field", "button": "a button", "select": "a form field",
    "textarea": "a form field", "option": "a form option", "base": "a base address",
    "meta": "a meta tag", "link": "a link element (an outside file)", "noscript": "a noscript element",
    "portal": "a portal", "marquee": "a marquee",
}

WEB_MEDIA = {"img": "an image from the web", "audio": "an audio element from the web",
             "video": "a video from the web", "source": "a media source from the web",
             "track": "a text track from the web"}

RAW_NAMES = {"typst": "Typst", "latex": "LaTeX", "tex": "TeX", "openxml": "OpenXML",
             "context": "ConTeXt", "icml": "ICML", "opendocument": "OpenDocument", "rtf": "RTF",
             "ms": "ms (roff)", "man": "man (roff)", "docbook": "DocBook", "jats": "JATS"}

TAGS = set(nh3.ALLOWED_TAGS) | {"section", "main", "address", "rb", "tfoot", "audio", "video",
                                "source", "track"}
ATTRIBUTES: dict[str, set[str]] = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
ATTRIBUTES["*"] = {"lang", "dir", "class", "id", "title", "role", "style"}   # style: its colours only
for _tag, _names in {"a": {"href", "hreflang"}, "ol": {"reversed", "type"}, "li": {"value"},
                     "time": {"datetime"}, "data": {"value"},
                     "audio": {"src", "controls", "loop", "muted", "preload"},
                     "video": {"src", "controls", "loop", "muted", "preload", "poster", "width", "height"},
                     "source": {"src", "type", "media"},
                     "track": {"src", "kind", "srclang", "label", "default"}}.items():
    ATTRIBUTES.setdefault(_tag, set()).update(_names)

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}

# nh3 parses a fragment as the inside of <body>, where table parts are dropped: each gets the
# table around it that HTML requires
CONTEXT = {"td": ("<table><tbody><tr>", "</tr></tbody></table>"),
           "th": ("<table><tbody><tr>", "</tr></tbody></table>"),
           "tr": ("<table><tbody>", "</tbody></table>"),
           "tbody": ("<table>", "</table>"), "thead": ("<table>", "</table>"),
           "tfoot": ("<table>", "</table>"), "caption": ("<table>", "</table>"),
           "colgroup": ("<table>", "</table>"), "col": ("<table><colgroup>", "</colgroup></table>")}

BAD_SCHEMES = {"javascript", "vbscript", "data"}
FETCHED = {"src", "poster"}                  # addresses a browser or pandoc loads by itself
URL_ATTRS = FETCHED | {"href", "cite"}
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")   # browsers ignore these inside a scheme
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")


LOW_CONTRAST = "raw-colour-low-contrast"


@dataclass(frozen=True)
class Removed:
    """One thing taken out: the node it was in (the AST's own dict), what it was and, when it is not
    active content or another format's code, the code of the rule it is reported by."""
    node: Node
    what: str
    code: str = ""


MISSING_IMAGE = "the missing image file"     # how a raw <img> whose file is not there is described


def sanitize(ast: dict[str, Any], image_exists: Callable[[str], bool] = lambda src: True) -> list[Removed]:
    """Cleans ast in place (blocks and metadata); returns what was removed, in document order.
    A raw <img> whose file is not there (image_exists) or that is on the web becomes its alt text:
    no edition can carry it, and a book must not fetch it."""
    order = {id(node): at for at, node in enumerate(elements(ast))}
    removed: list[Removed] = []
    for nodes in _node_lists(ast):
        removed += _clean_list(nodes, image_exists)
    for node in elements(ast):
        removed += _clean_element(node)
    removed.sort(key=lambda r: order.get(id(r.node), len(order)))   # stable: one node's keep their order
    return removed


# --- URLs ---------------------------------------------------------------------------------

def scheme(url: str) -> str:
    """The URL's scheme as a browser reads it ("javascript" for " Java\\tScript:x"), or ""."""
    found = _SCHEME.match(_CONTROL.sub("", url).lower())
    return found.group(1) if found else ""


def is_remote(url: str) -> bool:
    """Whether loading url would reach outside the book: any scheme, or a host (//, \\\\)."""
    bare = _CONTROL.sub("", url).replace("\\", "/")
    return bool(scheme(url)) or bare.startswith("//")


def _is_data_image(url: str) -> bool:
    return _CONTROL.sub("", url).lower().startswith("data:image/")


def _url_allowed(element: str, attribute: str, value: str) -> bool:
    if attribute in FETCHED:
        return not is_remote(value) or (element == "img" and attribute == "src" and _is_data_image(value))
    return scheme(value) not in BAD_SCHEMES


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    """nh3's last word on each allowed attribute: no remote media, no data: outside images, of a style
    only its readable colours."""
    if attribute in URL_ATTRS and not _url_allowed(element, attribute, value):
        return None
    if attribute == "style":
        return judge_style(value).kept or None
    return value


CLEANER = nh3.Cleaner(tags=TAGS, clean_content_tags=set(HIDDEN) - TAGS, attributes=ATTRIBUTES,
                      attribute_filter=_attribute_filter, strip_comments=True, link_rel=None,
                      generic_attribute_prefixes={"aria-"},
                      url_schemes=set(nh3.ALLOWED_URL_SCHEMES) | {"data"})


# --- describing what went -----------------------------------------------------------------

def _attribute_removed(element: str, name: str, value: str) -> str:
    if name.startswith("on"):
        return f"an {name} handler"
    if name == "style":
        return "a style attribute"
    if name in URL_ATTRS and scheme(value) in BAD_SCHEMES:
        return f"a {scheme(value)}: link" if name == "href" else f"a {scheme(value)}: address"
    if name in FETCHED and is_remote(value) and not scheme(value).startswith("file"):
        return "a video poster from the web" if name == "poster" else WEB_MEDIA.get(element, f"a {name} from the web")
    if name in URL_ATTRS and scheme(value):
        return f"a {scheme(value)}: address"
    return f"a {name} attribute"


def _style_removed(value: str) -> list[Removed | str]:
    """What of a style attribute goes: its other properties (active content), and its colours when
    the text they make is too faint (a Removed of its own rule)."""
    verdict = judge_style(value)
    what: list[Removed | str] = []
    if verdict.others or not (verdict.kept or verdict.low_contrast):
        named = f" ({', '.join(dict.fromkeys(verdict.others))})" if verdict.others else ""
        what.append(f"a style attribute{named}")
    if verdict.low_contrast:
        what.append(Removed({}, f"a colour too faint to read ({verdict.low_contrast})", LOW_CONTRAST))
    return what


def _element_removed(name: str) -> str:
    return HIDDEN.get(name) or ELEMENT_NAMES.get(name) or f"a <{name}> element"


# --- HTML fragments -----------------------------------------------------------------------

Token = tuple[str, str, list[tuple[str, str | None]], str]   # kind, name, attributes, source


class _Tokens(HTMLParser):
    """A fragment as tokens: ("start"|"end"|"data", name, attributes, source text)."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("start", tag, attrs, self.get_starttag_text() or ""))

    handle_startendtag = handle_starttag     # <br/>: nh3 reads the slash as HTML does

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(("end", tag, [], ""))

    def handle_data(self, data: str) -> None:
        self.tokens.append(("data", "", [], data))
    # comments, declarations and processing instructions are not kept: no handler


def _clean_start_tag(name: str, source: str) -> str:
    """The opening tag as nh3 cleans it, or "" if nh3 drops the element: nh3 is given the
    tag in the context it needs, and the cleaned tag is taken back out of its answer."""
    before, after = CONTEXT.get(name, ("", ""))
    for kind, found, _, text in _Tokens(CLEANER.clean(before + source + after)).tokens:
        if kind == "start" and found == name:
            return text
    return ""


def _describe_tag(name: str, attrs: list[tuple[str, str | None]], cleaned: str) -> list[Removed | str]:
    if not cleaned:
        return [_element_removed(name)]
    kept = {key for key, _ in _Tokens(cleaned).tokens[0][2]}
    what: list[Removed | str] = []
    for key, value in attrs:
        if key == "style":
            what += _style_removed(value or "")
        elif key not in kept:
            what.append(_attribute_removed(name, key, value or ""))
    return what


def clean_fragment(fragment: str, hidden: list[str] | None = None,
                   image_exists: Callable[[str], bool] = lambda src: True
                   ) -> tuple[str, list[Removed | str], list[str]]:
    """A raw HTML fragment cleaned: (the safe HTML, what was removed (a Removed, with no node yet,
    for what another rule reports), the hidden elements (script, svg...) still open at its end).
    hidden: those open at its start, from a sibling."""
    hidden = list(hidden or [])
    out: list[str] = []
    what: list[Removed | str] = []
    for kind, name, attrs, source in _Tokens(fragment).tokens:
        if hidden:                                   # inside a script, style, svg...: all goes
            if kind == "end" and name == hidden[-1]:
                hidden.pop()
            elif kind == "start" and name in HIDDEN and not source.endswith("/>"):
                hidden.append(name)
        elif kind == "data":
            out.append(html.escape(source, quote=False))
        elif kind == "end":
            if name in TAGS and name not in VOID:   # the element's opening tag was kept too
                out.append(f"</{name}>")
        elif name in HIDDEN:
            what.append(HIDDEN[name])
            if not source.endswith("/>") and name not in VOID:
                hidden.append(name)
        else:
            cleaned = _clean_start_tag(name, source)
            what += _describe_tag(name, attrs, cleaned)
            src = raw_image_source(cleaned) if name == "img" else None
            if name == "img" and not (src and (_is_data_image(src) or image_exists(src))):
                if src:
                    what.append(f"{MISSING_IMAGE} {src}")
                out.append(html.escape(dict(attrs).get("alt") or "", quote=False))    # its words stay
                continue
            out.append(cleaned)
    return "".join(out), what, hidden


def raw_image_source(tag: str) -> str | None:
    """The src of an <img> tag, as written."""
    tokens = _Tokens(tag).tokens
    return dict(tokens[0][2]).get("src") if tokens and tokens[0][1] == "img" else None


def raw_image_sources(ast: dict[str, Any]) -> set[str]:
    """The src of every <img> in the raw HTML of ast: files the book uses, like Markdown's images."""
    return {src for node in elements(ast, "RawInline", "RawBlock") if _is_html(node)
            for kind, name, attrs, _ in _Tokens(node["c"][1]).tokens
            if kind == "start" and name == "img" for src in [dict(attrs).get("src")] if src}


# --- walking the tree ---------------------------------------------------------------------

def _node_lists(tree: Any) -> Iterator[list[Any]]:
    """Every list in tree, each before its contents, so that a caller may change a list
    (remove nodes from it) before the walk goes into what is left."""
    stack: list[Any] = [tree]
    while stack:
        item = stack.pop()
        if type(item) is dict:
            stack.extend(value for value in item.values() if type(value) in (dict, list))
        elif type(item) is list:
            yield item
            stack.extend(child for child in reversed(item) if type(child) in (dict, list))


def _is_raw(node: Any) -> bool:
    return type(node) is dict and node.get("t") in ("RawInline", "RawBlock")


def _is_html(node: Node) -> bool:
    return str(node["c"][0]).lower() in HTML_FORMATS


def _closing_sibling(nodes: list[Any], start: int, hidden: list[str]) -> int | None:
    """The index of the first raw HTML sibling after start that closes the hidden elements."""
    for at in range(start + 1, len(nodes)):
        node = nodes[at]
        if _is_raw(node) and _is_html(node):
            hidden = clean_fragment(node["c"][1], hidden)[2]
            if not hidden:
                return at
    return None


def _clean_list(nodes: list[Any], image_exists: Callable[[str], bool]) -> list[Removed]:
    """Cleans the raw nodes of one list of blocks or inlines, in place."""
    removed: list[Removed] = []
    keep: list[Any] = []
    hidden: list[str] = []
    closes_at: int | None = None
    for at, node in enumerate(nodes):
        if closes_at is not None and at < closes_at:   # between a script's opening and closing tags
            continue
        closes_at = None
        if not _is_raw(node):
            keep.append(node)
            continue
        if not _is_html(node):
            fmt = str(node["c"][0])
            if node["t"] == "RawBlock" and fmt.lower() in ("tex", "latex") and node["c"][1].strip() in PAGE_BREAKS:
                node.clear()
                node.update({"t": "Div", "c": [["", [PAGE_BREAK_CLASS], []], []]})   # kept: a page break
                keep.append(node)
                continue
            removed.append(Removed(node, f"raw {RAW_NAMES.get(fmt.lower(), fmt)}"))
            continue
        cleaned, what, hidden = clean_fragment(node["c"][1], hidden, image_exists)
        removed += [_at(node, description) for description in what]
        if hidden:
            # the words up to the closing tag go with the script; with no closing tag in this
            # list there is nothing to hide them from a reader, so they stay
            closes_at = _closing_sibling(nodes, at, hidden)
            if closes_at is None:
                hidden = []
        node["c"][1] = cleaned
        if cleaned.strip():
            keep.append(node)
    if len(keep) != len(nodes):
        nodes[:] = keep
    return removed


def _at(node: Node, description: Removed | str) -> Removed:
    if isinstance(description, Removed):
        return Removed(node, description.what, description.code)
    return Removed(node, description)


# --- Markdown's own elements --------------------------------------------------------------

def _unwanted_key(key: str) -> bool:
    return key.lower().startswith("on") or key.lower() == "style"


def _clean_attr(node: Node) -> list[Removed]:
    """Drops on* handlers from the element's Attr, as pandoc keeps {onclick=...}, and of a style
    all but its readable colours."""
    at = ATTR_AT.get(node["t"])
    if at is None:
        return []
    pairs = node["c"][at][2]
    bad = [(key, value) for key, value in pairs if _unwanted_key(key)]
    if not bad:
        return []
    kept = [pair for pair in pairs if not _unwanted_key(pair[0])]
    removed: list[Removed] = []
    for key, value in bad:
        if key.lower() == "style":
            verdict = judge_style(value)
            if verdict.kept:
                kept.append(["style", verdict.kept])
            removed += [_at(node, what) for what in _style_removed(value)]
        else:
            removed.append(Removed(node, _attribute_removed(node["t"].lower(), key.lower(), value)))
    pairs[:] = kept
    return removed


def _clean_target(node: Node) -> list[Removed]:
    """A link or image to javascript:, vbscript: or data: (but an image) becomes its words."""
    url = node["c"][2][0]
    found = scheme(url)
    if found not in BAD_SCHEMES or _is_data_image(url):
        return []
    what = f"a {found}: link" if node["t"] == "Link" else f"an image with a {found}: address"
    attr, inlines = node["c"][0], node["c"][1]
    node.clear()
    node.update({"t": "Span", "c": [attr, inlines]})
    return [Removed(node, what)]


def _clean_element(node: Node) -> list[Removed]:
    removed = _clean_attr(node)
    if node["t"] in ("Link", "Image"):
        removed += _clean_target(node)
    return removed
