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
