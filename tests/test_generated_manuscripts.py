"""Generated manuscripts with notes, headings, lists and images give clean editions or a clean error,
never a traceback."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import RICH
from publish.build import build
from publish.errors import PublishError

WORD = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzÀéßø’“”&<>*_#`~^[]()!-:;.,"), min_size=1,
               max_size=9)
SENTENCE = st.lists(WORD, min_size=1, max_size=12).map(" ".join)


@st.composite
def manuscripts(draw) -> str:
    lines = ["---", f'title: "{draw(st.sampled_from(["A book", "Ünïcode tïtle", "Notes & more"]))}"',
             f"lang: {draw(st.sampled_from(['en', 'en-GB', 'fr', 'de']))}", "---", ""]
    labels: list[str] = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["heading", "para", "note", "list", "image"]))
        if kind == "heading":
            lines += ["#" * draw(st.integers(1, 3)) + " " + draw(SENTENCE), ""]
        elif kind == "para":
            lines += [draw(SENTENCE), ""]
        elif kind == "note":
            label = draw(st.sampled_from(["1", "2", "a"]))
            lines += [draw(SENTENCE) + f"[^{label}]", ""]
            if draw(st.booleans()):
                labels.append(label)
        elif kind == "list":
            lines += [f"- {draw(SENTENCE)}" for _ in range(draw(st.integers(1, 3)))] + [""]
        else:
            alt = draw(st.sampled_from(["", "A bar chart of members by year"]))
            image = draw(st.sampled_from(["members-chart.png", "missing.png"]))
            lines += [f"![{alt}]({image})", ""]
    lines += [f"[^{label}]: {draw(SENTENCE)}" for label in labels]
    return "\n".join(lines) + "\n"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          derandomize=True)
@given(text=manuscripts())
def test_generated_manuscript_builds_or_fails_cleanly(text):
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copy(RICH / "images" / "members-chart.png", work)
        (work / "book.md").write_text(text, encoding="utf-8")
        try:
            result = build(work / "book.md", work / "dist", jobs=2)
        except PublishError as error:
            message = str(error)
            assert message and "\n" not in message and "Traceback" not in message
            assert not (work / "dist").exists(), "a refused build wrote the output folder"
            return
        if not result.editions:      # the manuscript's own errors stopped it
            assert result.has_errors and not (work / "dist").exists()
            return
        for edition in result.editions:
            assert edition.path.is_file() and edition.size > 0


# Markdown that pandoc reads as code, a comment, raw markup, maths or plain text: never a finding
LOOK_ALIKES = [
    ["    # a shell comment", "    ![x](missing.png) [^9]"],
    ["\t### a tab-indented line", "\t[^8]: not a note"],
    ["```", "# fenced", "![](nothing.png)", "```"],
    ["~~~ {.python}", "#### deep", "[gone](#nowhere)", "~~~"],
    ["Write `![alt](x.png)` and `[^7]` in code spans."],
    ["<!-- ![c](d.png) [^6] [x](#nowhere) -->"],
    ["Escaped \\[^5] and \\# not a heading, \\*not emphasis\\*, as text."],
    ["Maths $a[^4] + b$ stays maths."],
    ["```{=html}", "<p>[^3] ![x](y.png)</p>", "```"],
]
# prose of two words or more: "A." alone opens a list in pandoc's Markdown (fancy_lists), which would
# take the indented code after it as the item's paragraph: a real image, rightly reported
PROSE = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=8), min_size=2,
                 max_size=10).map(lambda words: " ".join(words).capitalize() + ".")
# one real fault, written as the lines it takes, and the rule that must report it at its first line
FAULTS = {
    "heading-skipped": ["### A heading two levels down"],
    "alt-missing": ["![](pic.png)"],
    "note-undefined": ["A reference to nothing[^zz] here."],
    "link-target-missing": ["See [the end](#the-end-of-nothing)."],
}


@st.composite
def texts_with_one_fault(draw) -> tuple[str, str, int]:
    lines = ["---", "title: Generated", "lang: en", "---", "", "# Start", ""]
    blocks = draw(st.lists(st.one_of(st.sampled_from(LOOK_ALIKES), PROSE.map(lambda p: [p])), min_size=1, max_size=8))
    at = draw(st.integers(0, len(blocks)))
    code = draw(st.sampled_from(sorted(FAULTS)))
    fault_line = 0
    for index, block in enumerate([*blocks[:at], None, *blocks[at:]]):
        if block is None:
            fault_line = len(lines) + 1
            block = FAULTS[code]
        lines += [*block, ""]
    return "\n".join(lines) + "\n", code, fault_line


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(case=texts_with_one_fault())
def test_look_alikes_are_never_findings_and_the_one_fault_is_found_at_its_line(case):
    from publish.book import load_book
    from publish.checks import check_manuscript
    text, code, line = case
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copy(RICH / "images" / "divider.png", work / "pic.png")
        (work / "book.md").write_text(text, encoding="utf-8")
        found = [(f.code, f.line) for f in check_manuscript(load_book(work / "book.md"))]
    assert found == [(code, line)], text
