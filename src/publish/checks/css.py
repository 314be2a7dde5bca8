"""What colours and sizes a document's text is shown in, from its own CSS: style attributes, <style> elements and
(in an EPUB) its linked style sheets, parsed with tinycss2 and matched with cssselect2 (the WeasyPrint project's
libraries), cascaded by origin, importance, specificity and order, and inherited down the tree. Custom
properties (var()) are substituted as CSS does.

Each value is known or UNKNOWN. Anything this model does not follow makes the value UNKNOWN rather than a guess:
images and gradients, colours with transparency, opacity, filters and blending, text shadows, positioned
boxes (they may lie over anything), selectors cssselect2 cannot compile, @import, @supports, @layer, @container,
media features other than prefers-color-scheme, the reading system's own colours. The contrast check judges
only text whose two colours are both known, so it raises no false alarm.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Sequence

import cssselect2
import tinycss2
import tinycss2.color3
from lxml import etree

from .sources import StyleSheet, Tree, local

SCHEMES = ("light", "dark")
UNKNOWN: Any = object()               # a value this model cannot know
WHITE, BLACK = (1.0, 1.0, 1.0), (0.0, 0.0, 0.0)
DEFAULT_PX = 16.0
PROPERTIES = {"color", "background-color", "background-image", "opacity", "display", "visibility", "position",
              "font-size", "font-weight", "text-shadow", "filter", "mix-blend-mode", "backdrop-filter",
              "-webkit-text-fill-color", "-webkit-text-stroke", "-webkit-text-stroke-color", "color-scheme"}
SHORTHANDS = {"background": ("background-color", "background-image"), "font": ("font-size", "font-weight")}
# What Chromium's own style sheet gives the text these elements hold (the rest are inherited)
USER_AGENT_CSS = """
a:any-link { color: #0000ee }
mark { background-color: #ffff00; color: #000000 }
h1 { font-size: 2em; font-weight: bold } h2 { font-size: 1.5em; font-weight: bold }
h3 { font-size: 1.17em; font-weight: bold } h4 { font-size: 1em; font-weight: bold }
h5 { font-size: 0.83em; font-weight: bold } h6 { font-size: 0.67em; font-weight: bold }
b, strong { font-weight: bolder } th { font-weight: bold }
small, sub, sup { font-size: smaller } big { font-size: larger }
"""
# Text in these is drawn by the browser's own controls or not as text at all: not judged
NOT_TEXT = {"head", "script", "style", "template", "noscript", "title", "svg", "iframe", "object", "embed",
            "video", "audio", "canvas", "img", "button", "input", "select", "textarea", "option", "meter",
            "progress"}
KEYWORD_PX = {"xx-small": 9, "x-small": 10, "small": 13, "medium": 16, "large": 18, "x-large": 24,
              "xx-large": 32, "xxx-large": 48}
UNIT_PX = {"px": 1, "pt": 96 / 72, "pc": 16, "in": 96, "cm": 96 / 2.54, "mm": 96 / 25.4, "q": 96 / 101.6}
IMAGE_FUNCTIONS = ("url", "image", "image-set", "cross-fade", "element", "paint")
VAR_DEPTH = 16
EFFECTS = ("text-shadow", "-webkit-text-fill-color", "-webkit-text-stroke", "opacity", "filter", "mix-blend-mode",
           "backdrop-filter")


@dataclass(frozen=True)
class Declaration:
    name: str
    value: tuple                 # tinycss2 component values
    important: bool
    where: tuple[str, int]       # file and line, for findings
    shorthand: bool = False      # from background or font: the longhand is read out of the whole value
    unknown: bool = False        # from a rule that may or may not apply (a pseudo-element, an unknown condition)


@dataclass
class _Rule:
    declarations: tuple[Declaration, ...]
    applies: dict[str, bool | None]     # per scheme: True, False, or None (cannot tell)
    pseudo: bool = False                # ::first-line, ::first-letter: colours a part of the text


@dataclass
class Style:
    """One element's computed values in one scheme."""

    color: Any = BLACK                    # RGB or UNKNOWN
    color_from: str = ""                  # where it was set ("" for the default)
    backdrop: Any = WHITE                 # the opaque colour behind its text: RGB or UNKNOWN
    backdrop_from: str = ""
    size: float | None = DEFAULT_PX       # px; None when unknown
    weight: float | None = 400.0
    hidden: bool = False                  # not shown, or not judged as text
    effects: bool = False                 # a shadow, stroke, opacity, filter or blending applies: not judged
    root_px: float = DEFAULT_PX           # the root element's font size, for rem
    custom: dict[str, tuple] = field(default_factory=dict)   # custom properties, var() already substituted


@dataclass
class Cascade:
    """A document's rules, ready to compute every element's style in each scheme it declares."""

    matcher: cssselect2.Matcher
    rules: list[_Rule]
    schemes: tuple[str, ...]
    known: bool            # False: the document's CSS holds something that makes any colour unknown


def cascade(tree: Tree) -> Cascade:
    matcher = cssselect2.Matcher()
    rules: list[_Rule] = []
    known = tree.sheets_known
    dark = False
    for origin, sheets in ((0, [StyleSheet(USER_AGENT_CSS, "", 1)]), (1, tree.sheets)):
        for sheet in sheets:
            media = _media(tinycss2.parse_component_value_list(sheet.media)) if sheet.media.strip() else _ALL
            found, ok, declares_dark = _sheet_rules(sheet, media, origin, matcher, len(rules))
            rules += found
            known &= ok
            dark |= declares_dark
    return Cascade(matcher, rules, ("light", "dark") if dark else ("light",), known)


_ALL = {"light": True, "dark": True}


def _sheet_rules(sheet: StyleSheet, media: dict[str, bool | None], origin: int, matcher: cssselect2.Matcher,
                 start: int) -> tuple[list[_Rule], bool, bool]:
    """The sheet's rules that set a property the model reads, added to matcher; whether every such rule could be
    followed; whether the sheet has a prefers-color-scheme query."""
    rules: list[_Rule] = []
    known, dark = True, False
    stack: list[tuple[list, dict[str, bool | None]]] = [
        (tinycss2.parse_stylesheet(sheet.text, skip_whitespace=True, skip_comments=True), media)]
    while stack:
        items, applies = stack.pop()
        for item in items:
            if item.type == "at-rule":
                keyword = item.lower_at_keyword
                if keyword == "media" and item.content is not None:
                    dark |= "prefers-color-scheme" in tinycss2.serialize(item.prelude).lower()
                    inner = _media(item.prelude)
                    combined = {s: _and(applies[s], inner[s]) for s in SCHEMES}
                    stack.append((tinycss2.parse_rule_list(item.content, skip_whitespace=True, skip_comments=True),
                                  combined))
                elif keyword in ("supports", "layer", "container", "scope", "document") and item.content is not None:
                    unsure = {s: None if applies[s] is not False else False for s in SCHEMES}
                    stack.append((tinycss2.parse_rule_list(item.content, skip_whitespace=True, skip_comments=True),
                                  unsure))
                elif keyword == "import":
                    known = False          # a sheet we do not read
            elif item.type == "qualified-rule":
                rule, ok = _rule(item, sheet, applies, origin)
                known &= ok
                if rule is None:
                    continue
                try:
                    selectors = cssselect2.compile_selector_list(item.prelude)
                except cssselect2.SelectorError:
                    known = False          # a selector we cannot match may colour any text
                    continue
                index = start + len(rules)
                for selector in selectors:
                    if selector.pseudo_element in (None, "first-line", "first-letter"):
                        matcher.add_selector(selector, (origin, index, selector.pseudo_element is not None))
                rules.append(rule)
    return rules, known, dark


def _rule(item: Any, sheet: StyleSheet, applies: dict[str, bool | None], origin: int) -> tuple[_Rule | None, bool]:
    declarations, nested = _declarations(item.content, sheet.file, sheet.first_line)
    if not declarations:
        return None, not nested
    return _Rule(tuple(declarations), applies), not nested


def _declarations(content: Sequence, file: str, first_line: int) -> tuple[list[Declaration], bool]:
    """The declarations the model reads, longhands first-class and shorthands split; whether nested rules (CSS
    nesting) were met, which the model does not follow."""
    found: list[Declaration] = []
    nested = False
    for item in tinycss2.parse_blocks_contents(content, skip_whitespace=True, skip_comments=True):
        if item.type == "qualified-rule" or item.type == "at-rule":
            nested = True
            continue
        if item.type != "declaration":
            continue
        name = item.lower_name
        where = (file, first_line + item.source_line - 1)
        value = tuple(item.value)
        if name.startswith("--"):
            found.append(Declaration(name, tuple(item.value), item.important, where))
        elif name in PROPERTIES:
            found.append(Declaration(name, value, item.important, where))
        elif name in SHORTHANDS:
            found += [Declaration(longhand, value, item.important, where, shorthand=True)
                      for longhand in SHORTHANDS[name]]
    return found, nested


# --- media queries: three-valued (True, False, None for cannot tell), per colour scheme ---
def _and(a: bool | None, b: bool | None) -> bool | None:
    if a is False or b is False:
        return False
    return None if a is None or b is None else True


def _or(a: bool | None, b: bool | None) -> bool | None:
    if a is True or b is True:
        return True
    return None if a is None or b is None else False


def _media(prelude: Sequence) -> dict[str, bool | None]:
    """Whether a media query list holds in each scheme, on a screen."""
    queries: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            queries.append([])
        elif token.type not in ("whitespace", "comment"):
            queries[-1].append(token)
    result: dict[str, bool | None] = {s: False for s in SCHEMES}
    for query in queries:
        for scheme in SCHEMES:
            result[scheme] = _or(result[scheme], _query(query, scheme))
    return result


def _query(tokens: list, scheme: str) -> bool | None:
    if not tokens:
        return True
    negate = tokens[0].type == "ident" and tokens[0].lower_value == "not"
    value: bool | None = True
    for token in tokens[1:] if negate else tokens:
        if token.type == "ident":
            word = token.lower_value
            if word in ("and", "only"):
                continue
            value = _and(value, True if word in ("all", "screen") else False)
        elif token.type == "() block":
            value = _and(value, _feature(token.content, scheme))
        else:
            value = _and(value, None)
    if negate:
        return None if value is None else not value
    return value


def _feature(content: Sequence, scheme: str) -> bool | None:
    words = [t.lower_value for t in content if t.type == "ident"]
    if len(words) == 2 and words[0] == "prefers-color-scheme" and words[1] in SCHEMES:
        return words[1] == scheme
    return None


# --- computing styles ---
def styles(tree: Tree, rules: Cascade) -> Iterator[tuple[etree._Element, dict[str, Style]]]:
    """Every element of tree in document order, with its style in each scheme."""
    computed: dict[etree._Element, dict[str, Style]] = {}
    dark_defaults = _dark_defaults(tree, rules)
    roots = {scheme: _root_style(scheme in dark_defaults) for scheme in rules.schemes}
    # siblings alike (the same rules, style attribute and parent style) have one style, computed once: a
    # book's thousands of paragraphs are a handful of styles. Keyed by the parent's id, kept alive here.
    alike: dict[tuple, tuple[Style, Style]] = {}
    for wrapper in cssselect2.ElementWrapper.from_xml_root(tree.root).iter_subtree():
        element = wrapper.etree_element
        parent = wrapper.parent.etree_element if wrapper.parent is not None else None
        matched = tuple(sorted(rules.matcher.match(wrapper)))
        style = element.get("style") if isinstance(element.tag, str) else None
        own_traits = (matched, style, style and element.sourceline,     # findings name the attribute's line
                      local(element) in NOT_TEXT, element.get("hidden") is not None, parent is None)
        inline: list[Declaration] | None = None
        own: dict[str, Style] = {}
        for scheme in rules.schemes:
            above = computed[parent][scheme] if parent is not None else roots[scheme]
            key = (id(above), scheme, own_traits)
            known = alike.get(key)
            if known is None or known[0] is not above:
                if inline is None:
                    inline = _inline(element)
                known = (above, _compute(element, above, _winners(list(matched), inline, rules.rules, scheme),
                                         parent is None))
                alike[key] = known
            own[scheme] = known[1]
        computed[element] = own
        yield element, own


def _dark_defaults(tree: Tree, rules: Cascade) -> set[str]:
    """The schemes in which the browser's own colours are not black on white: the document says it can be shown
    dark (color-scheme: light dark, or <meta name="color-scheme">), so the browser's defaults turn dark."""
    declared = ""
    for element in tree.root.iter():
        if local(element) == "meta" and (element.get("name") or "").lower() == "color-scheme":
            declared += " " + (element.get("content") or "").lower()
    wrapper = cssselect2.ElementWrapper.from_xml_root(tree.root)
    for declaration in _winners(sorted(rules.matcher.match(wrapper)), _inline(tree.root), rules.rules,
                                "light").values():
        if declaration.name == "color-scheme":
            declared += " " + tinycss2.serialize(declaration.value).lower()
    if "dark" not in declared:
        return set()
    return {"dark"} if "light" in declared or "normal" in declared else {"light", "dark"}


def _root_style(dark_defaults: bool) -> Style:
    if dark_defaults:
        return Style(color=UNKNOWN, backdrop=UNKNOWN)
    return Style()


def _inline(element: etree._Element) -> list[Declaration]:
    style = element.get("style") if isinstance(element.tag, str) else None
    if not style:
        return []
    found, _ = _declarations(tinycss2.parse_component_value_list(style), "", element.sourceline or 1)
    return found


def _winners(matched: list, inline: list[Declaration], rules: list[_Rule], scheme: str) -> dict[str, Declaration]:
    """The declaration that wins the cascade for each property: by importance, origin (the browser's, then the
    document's), style attribute over style sheets, specificity, then order (matched comes sorted by specificity
    and order)."""
    ranked: list[tuple[tuple, Declaration]] = []
    for specificity, order, _, (origin, index, pseudo) in matched:
        rule = rules[index]
        applies = rule.applies[scheme]
        if applies is False:
            continue
        for declaration in rule.declarations:
            if applies is None or pseudo:
                declaration = _unsure(declaration)
            ranked.append(((declaration.important, origin, 0, specificity, order), declaration))
    ranked += [((d.important, 1, 1, (0, 0, 0), i), d) for i, d in enumerate(inline)]
    ranked.sort(key=lambda pair: pair[0])
    return {declaration.name: declaration for _, declaration in ranked}


def _unsure(declaration: Declaration) -> Declaration:
    return Declaration(declaration.name, declaration.value, declaration.important, declaration.where,
                       declaration.shorthand, unknown=True)


def _compute(element: etree._Element, parent: Style, won: dict[str, Declaration], root: bool) -> Style:
    style = Style(color=parent.color, color_from=parent.color_from, backdrop=parent.backdrop,
                  backdrop_from=parent.backdrop_from, size=parent.size, weight=parent.weight,
                  root_px=parent.root_px, effects=parent.effects,
                  hidden=parent.hidden or local(element) in NOT_TEXT or element.get("hidden") is not None,
                  custom=_custom(parent.custom, won))
    value = lambda name: _value(won[name], style.custom) if name in won else None   # noqa: E731
    if _hides(value("display"), value("visibility")):
        style.hidden = True
    _font(style, parent, value("font-size"), value("font-weight"), root)
    if root:
        style.root_px = style.size or DEFAULT_PX
    if "color" in won:
        style.color, style.color_from = _colour(value("color"), parent.color), _where(won["color"])
    # shadows, strokes, opacity, filters and blending change what the eye sees: not followed
    style.effects |= any(_effect(name, value(name)) for name in EFFECTS if name in won)
    layer, layer_from = _background(won, value, style)
    if _ident(value("position")) in ("absolute", "fixed"):
        style.backdrop, style.backdrop_from = UNKNOWN, ""      # it may lie over anything
    if layer is not None:
        style.backdrop, style.backdrop_from = layer, layer_from
    return style


def _custom(inherited: dict[str, tuple], won: dict[str, Declaration]) -> dict[str, tuple]:
    declared = {name: d for name, d in won.items() if name.startswith("--")}
    if not declared:
        return inherited
    custom = dict(inherited)
    for name, declaration in declared.items():
        custom[name] = UNKNOWN if declaration.unknown else declaration.value
    resolved: dict[str, Any] = {}
    for name in declared:
        resolved[name] = _substitute(custom[name], custom, VAR_DEPTH)
    custom.update(resolved)
    return custom


def _value(declaration: Declaration, custom: dict[str, tuple]) -> Any:
    """The declaration's tokens with var() substituted and whitespace dropped; UNKNOWN when that cannot be done."""
    if declaration.unknown:
        return UNKNOWN
    tokens = _substitute(declaration.value, custom, VAR_DEPTH)
    if tokens is UNKNOWN:
        return UNKNOWN
    return tuple(t for t in tokens if t.type not in ("whitespace", "comment"))


def _substitute(tokens: Any, custom: dict[str, Any], depth: int) -> Any:
    if tokens is UNKNOWN or depth == 0:
        return UNKNOWN
    out: list = []
    for token in tokens:
        if token.type == "function" and token.lower_name == "var":
            arguments = [t for t in token.arguments if t.type not in ("whitespace", "comment")]
            if not arguments or arguments[0].type != "ident":
                return UNKNOWN
            name = arguments[0].value
            if name in custom and custom[name] is not UNKNOWN:
                found = _substitute(custom[name], custom, depth - 1)
            elif name in custom:
                return UNKNOWN
            else:
                comma = next((i for i, t in enumerate(token.arguments) if t.type == "literal" and t.value == ","),
                             None)
                if comma is None:
                    return UNKNOWN      # invalid at computed-value time: left to the browser
                found = _substitute(token.arguments[comma + 1:], custom, depth - 1)
            if found is UNKNOWN:
                return UNKNOWN
            out += found
        elif token.type == "function" and any(a.type == "function" and a.lower_name == "var"
                                              for a in token.arguments):
            return UNKNOWN          # var() inside another function (rgb(var(--r) ...)): not followed
        else:
            out.append(token)
    return tuple(out)


def _where(declaration: Declaration) -> str:
    file, line = declaration.where
    return f"{file} line {line}" if file else f"the style attribute on line {line}"


def _ident(tokens: Any) -> str | None:
    if tokens is None or tokens is UNKNOWN or len(tokens) != 1 or tokens[0].type != "ident":
        return None
    return tokens[0].lower_value


def _hides(display: Any, visibility: Any) -> bool:
    return _ident(display) == "none" or _ident(visibility) in ("hidden", "collapse")


def _effect(name: str, tokens: Any) -> bool:
    """Whether an effect the model does not follow is on (a shadow, a filter, opacity below 1, ...)."""
    if tokens is None:
        return False
    if tokens is UNKNOWN:
        return True
    word = _ident(tokens)
    if name == "opacity":
        if len(tokens) == 1 and tokens[0].type in ("number", "percentage"):
            return tokens[0].value < (100 if tokens[0].type == "percentage" else 1)
        return word not in ("initial", "unset", "inherit")   # inherit: the parent's is already followed
    if name == "-webkit-text-fill-color":
        return word not in ("currentcolor", "initial", "unset", "inherit")
    if name == "-webkit-text-stroke-color":
        return False
    return word not in ("none", "normal", "initial", "unset", "inherit") and not (
        len(tokens) == 1 and tokens[0].type in ("number", "dimension") and tokens[0].value == 0)


def _colour(tokens: Any, inherited: Any) -> Any:
    if tokens is UNKNOWN or not tokens:
        return UNKNOWN
    word = _ident(tokens)
    if word in ("inherit", "unset", "currentcolor"):
        return inherited
    if word == "initial":
        return BLACK if inherited is not UNKNOWN else UNKNOWN
    return _opaque(tokens)


def _opaque(tokens: Any) -> Any:
    """One opaque colour, UNKNOWN for anything else (transparency, system colours, newer colour spaces)."""
    if len(tokens) != 1:
        return UNKNOWN
    parsed = tinycss2.color3.parse_color(tokens[0])
    if parsed is None or isinstance(parsed, str) or parsed.alpha != 1:
        return UNKNOWN
    return (parsed.red, parsed.green, parsed.blue)


def _background(won: dict[str, Declaration], value: Any, style: Style) -> tuple[Any, str]:
    """The element's own background layer: an opaque RGB, UNKNOWN, or None when it paints none (transparent)."""
    image = won.get("background-image")
    if image is not None:
        tokens = value("background-image")
        if tokens is UNKNOWN or _has_image(tokens):
            return UNKNOWN, ""
    declaration = won.get("background-color")
    if declaration is None:
        return None, ""
    tokens = value("background-color")
    if tokens is UNKNOWN:
        return UNKNOWN, ""
    if declaration.shorthand:
        colours = [t for t in tokens if tinycss2.color3.parse_color(t) is not None]
        if _has_image(tokens):
            return UNKNOWN, ""
        if not colours:
            word = _ident(tokens)
            return (UNKNOWN, "") if word == "inherit" else (None, "")
        tokens = tuple(colours[-1:])
    word = _ident(tokens)
    if word in ("transparent", "initial", "unset"):
        return None, ""
    if word == "currentcolor":
        return (style.color, _where(declaration)) if style.color is not UNKNOWN else (UNKNOWN, "")
    parsed = tinycss2.color3.parse_color(tokens[0]) if len(tokens) == 1 else None
    if parsed is not None and not isinstance(parsed, str) and parsed.alpha == 0:
        return None, ""
    colour = _opaque(tokens)
    return colour, _where(declaration) if colour is not UNKNOWN else ""


def _has_image(tokens: Sequence) -> bool:
    return any((t.type == "function" and (t.lower_name in IMAGE_FUNCTIONS or t.lower_name.endswith("gradient")))
               or t.type == "url" for t in tokens)


def _font(style: Style, parent: Style, size: Any, weight: Any, root: bool) -> None:
    if size is not None:
        style.size = _size(size, parent.size, DEFAULT_PX if root else parent.root_px)
    if weight is not None:
        style.weight = _weight(weight, parent.weight)


def _size(tokens: Any, inherited: float | None, root_px: float) -> float | None:
    if tokens is UNKNOWN or len(tokens) != 1:
        return None
    token = tokens[0]
    if token.type == "ident":
        word = token.lower_value
        if word in KEYWORD_PX:
            return float(KEYWORD_PX[word])
        if word in ("inherit", "unset"):
            return inherited
        if word == "initial":
            return DEFAULT_PX
        if inherited is not None and word in ("smaller", "larger"):
            return inherited / 1.2 if word == "smaller" else inherited * 1.2
        return None
    if token.type == "percentage":
        return inherited * token.value / 100 if inherited is not None else None
    if token.type == "dimension":
        unit = token.lower_unit
        if unit in UNIT_PX:
            return token.value * UNIT_PX[unit]
        if unit == "em":
            return inherited * token.value if inherited is not None else None
        if unit == "rem":
            return root_px * token.value
    return None


def _weight(tokens: Any, inherited: float | None) -> float | None:
    if tokens is UNKNOWN or len(tokens) != 1:
        return None
    token = tokens[0]
    if token.type == "number" and 1 <= token.value <= 1000:
        return float(token.value)
    word = _ident(tokens)
    if word == "normal" or word == "initial":
        return 400.0
    if word == "bold":
        return 700.0
    if word in ("inherit", "unset"):
        return inherited
    if inherited is None:
        return None
    if word == "bolder":
        return 400.0 if inherited < 350 else 700.0 if inherited < 550 else 900.0
    if word == "lighter":
        return 100.0 if inherited < 550 else 400.0 if inherited < 750 else 700.0
    return None
