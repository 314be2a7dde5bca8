"""Colours a manuscript's raw HTML may keep: `color` and `background-color`, and only where the text
stays readable (WCAG 2.2 1.4.3: a contrast of 4.5:1) on the page in both of the editions' schemes.

The schemes are the HTML edition's own, read from styles/html.css (its `--text` and `--background`
in `:root`, and in `@media (prefers-color-scheme: dark)`), so a change of look there changes what
passes here. The EPUB sets no colours: reading systems show it dark on white or light on black, and
those two are no harder than the HTML's white and #121212.

A colour alone can hardly ever pass: the best any colour does on both white and #121212 is 4.33:1.
A span that sets its text colour and its own background (`color:#fff; background-color:#a00000`) is
judged on that pair, whatever the page is; a semi-transparent colour is laid over what lies below.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import tinycss2
import tinycss2.color3

from .styles import style_path

MINIMUM = 4.5                       # WCAG 2.2 AA, normal text
KEPT = ("color", "background-color")

RGB = tuple[float, float, float]    # sRGB channels, 0 to 1


@dataclass(frozen=True)
class Scheme:
    name: str                       # "light" or "dark"
    text: RGB
    background: RGB


@dataclass(frozen=True)
class Verdict:
    """What is left of one style attribute: kept (CSS to write, "" for none), the reason its colours
    went (None when they stay or there were none) and the other properties left out."""
    kept: str
    low_contrast: str | None
    others: tuple[str, ...]


def luminance(rgb: RGB) -> float:
    def channel(c: float) -> float:
        # WCAG 2's threshold, as axe-core has it
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@lru_cache(maxsize=4096)      # a document has few pairs of colours, and thousands of elements
def contrast(first: RGB, second: RGB) -> float:
    """The WCAG 2 contrast ratio, 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def hex_colour(rgb: RGB) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def _over(colour: tinycss2.color3.RGBA, below: RGB) -> RGB:
    """colour laid over below (its alpha blended in)."""
    a = colour.alpha
    return (colour.red * a + below[0] * (1 - a), colour.green * a + below[1] * (1 - a),
            colour.blue * a + below[2] * (1 - a))


@lru_cache(maxsize=1)
def schemes() -> tuple[Scheme, ...]:
    """The HTML edition's light and dark text and background, from styles/html.css."""
    rules = tinycss2.parse_stylesheet(style_path("html.css").read_text(encoding="utf-8"),
                                      skip_whitespace=True, skip_comments=True)
    light = _root_colours(rules)
    dark = dict(light)
    for item in rules:
        if item.type == "at-rule" and item.lower_at_keyword == "media" and item.content is not None \
                and "prefers-color-scheme:dark" in tinycss2.serialize(item.prelude).replace(" ", "").lower():
            dark.update(_root_colours(tinycss2.parse_rule_list(item.content, skip_whitespace=True,
                                                               skip_comments=True)))
    return (Scheme("light", light["--text"], light["--background"]),
            Scheme("dark", dark["--text"], dark["--background"]))


def _root_colours(rules: list) -> dict[str, RGB]:
    found: dict[str, RGB] = {}
    for item in rules:
        if item.type == "qualified-rule" and tinycss2.serialize(item.prelude).strip() == ":root":
            for declaration in tinycss2.parse_declaration_list(item.content, skip_whitespace=True,
                                                               skip_comments=True):
                if declaration.type == "declaration" and declaration.name in ("--text", "--background"):
                    colour = tinycss2.color3.parse_color(tinycss2.serialize(declaration.value).strip())
                    if isinstance(colour, tinycss2.color3.RGBA):
                        found[declaration.name] = (colour.red, colour.green, colour.blue)
    return found


def judge_style(style: str) -> Verdict:
    """A style attribute's value judged: its colour declarations kept only if the text they make
    stays at 4.5:1 or more in every scheme, everything else left out."""
    colours: dict[str, tuple[str, tinycss2.color3.RGBA | str]] = {}
    others: list[str] = []
    for declaration in tinycss2.parse_blocks_contents(style, skip_whitespace=True, skip_comments=True):
        if declaration.type != "declaration":
            continue
        written = tinycss2.serialize(declaration.value).strip()
        parsed = tinycss2.color3.parse_color(written) if declaration.lower_name in KEPT else None
        if parsed is None:
            others.append(declaration.lower_name)
        else:
            colours[declaration.lower_name] = (written, parsed)
    if not colours:
        return Verdict("", None, tuple(others))
    worst = _worst_contrast({name: parsed for name, (_, parsed) in colours.items()})
    if worst is not None:
        return Verdict("", worst, tuple(others))
    return Verdict("; ".join(f"{name}: {written}" for name, (written, _) in colours.items()), None, tuple(others))


def _worst_contrast(colours: dict[str, tinycss2.color3.RGBA | str]) -> str | None:
    """Why the colours fail, in words (the lowest contrast and where), or None if they pass."""
    for scheme in schemes():
        background = colours.get("background-color")
        behind = _over(background, scheme.background) if isinstance(background, tinycss2.color3.RGBA) \
            else scheme.background                  # currentcolor as a background: no sense, page's own
        text = colours.get("color")
        shown = _over(text, behind) if isinstance(text, tinycss2.color3.RGBA) else scheme.text
        ratio = contrast(shown, behind)
        if ratio < MINIMUM:
            page = "" if "background-color" in colours else f" on the {scheme.name} page"
            return (f"text {hex_colour(shown)} on {hex_colour(behind)}{page} has a contrast of "
                    f"{ratio:.2f}:1, below {MINIMUM}:1")
    return None
