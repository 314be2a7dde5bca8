"""axe-core in a real headless Chromium (Debian's), driven by the Python playwright package.

`audit(path, ...)` opens a page at a given width, colour scheme and text size, runs
axe-core with the WCAG 2.0/2.1/2.2 A and AA rules and the best-practice rules, and
measures what axe does not: horizontal scrolling, text contrast, line length, target
sizes, the focus indicator. Playwright never downloads a browser here: it is pointed
at /usr/bin/chromium, launched with the flags from the team's validators guide.
"""
from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
DEFAULT_FONT_PX = 16
VIEWPORT_HEIGHT = 800

# Runs in the page: what the eye and the keyboard meet, measured from the computed styles.
MEASURE = """() => {
  const rgba = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const background = (element) => {
    for (let e = element; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];   // the canvas
  };
  const paragraphs = [...document.querySelectorAll('main p')];
  const body = paragraphs[0];
  const lineLengths = (p) => {      // characters on each line but the last, spaces counted
    const lines = [0];
    let left = -Infinity;
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i); range.setEnd(node, i + 1);
        const rect = [...range.getClientRects()].pop();
        if (!rect) continue;
        if (rect.left < left - 1) lines.push(0);   // back at the left edge: a new line
        left = rect.left;
        lines[lines.length - 1] += 1;
      }
    }
    return lines.slice(0, -1);
  };
  const longest = [...paragraphs].sort((a, b) => b.textContent.length - a.textContent.length).slice(0, 3);
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.width, r.height]; };
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    bodyText: body ? rgba(getComputedStyle(body).color).slice(0, 3) : null,
    bodyBackground: body ? background(body) : null,
    fontSize: body ? parseFloat(getComputedStyle(body).fontSize) : null,
    lineLengths: longest.flatMap(lineLengths),
    noteTargets: [...document.querySelectorAll('a[role=doc-noteref], a[role=doc-backlink]')].map(box),
  };
}"""


@dataclass(frozen=True)
class PageReport:
    """What one page looks like to axe and to a reader, at one width, scheme and text size."""

    width: int
    color_scheme: str
    text_size: float
    violations: list[dict[str, Any]]
    scroll_width: int
    client_width: int
    text_contrast: float | None
    font_size: float | None
    line_lengths: list[int]
    note_targets: list[tuple[float, float]]

    @property
    def scrolls_sideways(self) -> bool:
        return self.scroll_width > self.client_width

    @property
    def mean_line_length(self) -> float:
        return sum(self.line_lengths) / len(self.line_lengths) if self.line_lengths else 0.0

    def summary(self) -> str:
        """One line per violation: rule, impact, and the first offending nodes."""
        return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}: "
                         + "; ".join(" ".join(n["target"]) for n in v["nodes"][:3]) for v in self.violations)


def available() -> bool:
    """Chromium, axe-core and playwright are all present."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return CHROMIUM.is_file() and AXE_SCRIPT.is_file()


class _Browsers:
    """One Chromium per text size, started on first use and kept for the whole test run: starting
    one took a second or two of every audit. Each audit or script gets a fresh page of its own."""

    def __init__(self) -> None:
        self._playwright: Any = None
        self._contexts: dict[float, Any] = {}
        self._profiles: list[Path] = []

    def page(self, width: int, text_size: float = 1.0) -> Any:
        if text_size not in self._contexts:
            self._contexts[text_size] = self._launch(text_size)
        page = self._contexts[text_size].new_page()
        page.set_viewport_size({"width": width, "height": VIEWPORT_HEIGHT})
        return page

    def _launch(self, text_size: float) -> Any:
        """text_size scales the browser's default font size (2.0 is a reader setting text to 200%), as
        Chromium's own font-size preference does, so media queries follow it too."""
        if self._playwright is None:
            from playwright.sync_api import sync_playwright
            self._playwright = sync_playwright().start()
            atexit.register(self.close)
        profile = Path(tempfile.mkdtemp(prefix="publish-chromium-"))
        self._profiles.append(profile)
        (profile / "Default").mkdir()
        prefs = {"webkit": {"webprefs": {"default_font_size": round(DEFAULT_FONT_PX * text_size)}}}
        (profile / "Default" / "Preferences").write_text(json.dumps(prefs), encoding="utf-8")
        return self._playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), args=LAUNCH_ARGS, offline=True,
            viewport={"width": 1280, "height": VIEWPORT_HEIGHT})

    def close(self) -> None:
        for context in self._contexts.values():
            context.close()
        self._contexts.clear()
        if self._playwright is not None:
            self._playwright.stop()
            self._playwright = None
        for profile in self._profiles:
            shutil.rmtree(profile, ignore_errors=True)


_BROWSERS = _Browsers()


def audit(path: Path, width: int, color_scheme: str = "light", text_size: float = 1.0) -> PageReport:
    """Opens path in Chromium and returns axe's violations and the page's measurements."""
    page = _BROWSERS.page(width, text_size)
    try:
        page.emulate_media(color_scheme=color_scheme)
        page.goto(path.resolve().as_uri())
        page.add_script_tag(path=str(AXE_SCRIPT))
        result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        measured = page.evaluate(MEASURE)
    finally:
        page.close()
    contrast = (contrast_ratio(measured["bodyText"], measured["bodyBackground"])
                if measured["bodyText"] else None)
    return PageReport(width, color_scheme, text_size, result["violations"], measured["scrollWidth"],
                      measured["clientWidth"], contrast, measured["fontSize"], measured["lineLengths"],
                      [tuple(t) for t in measured["noteTargets"]])


def in_page(path: Path, script: str, width: int = 1280, keys: tuple[str, ...] = (), arg: Any = None,
            **emulation: str) -> Any:
    """Opens path, presses keys, and returns what script (a JS function of arg) gives.

    emulation goes to Page.emulate_media: media="print", color_scheme="dark", reduced_motion="reduce".
    """
    page = _BROWSERS.page(width)
    try:
        page.emulate_media(**{"media": "screen", "color_scheme": "light", **emulation})
        page.goto(path.resolve().as_uri())
        for key in keys:
            page.keyboard.press(key)
        return page.evaluate(script, arg)
    finally:
        page.close()


def contrast_ratio(foreground: list[float], background: list[float]) -> float:
    """The WCAG 2 contrast ratio of two sRGB colours (0-255 channels)."""
    def luminance(rgb: list[float]) -> float:
        def channel(c: float) -> float:
            c /= 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b = (channel(c) for c in rgb[:3])
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
