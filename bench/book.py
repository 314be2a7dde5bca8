"""Generates benchmark manuscripts: `scale` times about 150 pages (40 chapters, 200 notes, tables, images)."""
from __future__ import annotations

import shutil
from pathlib import Path

IMAGES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "rich" / "images"
WORDS = ("the survey of harbours and orchards recorded visits over a long season while volunteers walked "
         "each morning and wrote down what they saw in ledgers kept by the district office since the war").split()


def paragraph(seed: int, length: int = 90) -> str:
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(length)).capitalize() + "."


def make_book(folder: Path, scale: int = 1) -> Path:
    """Writes folder/book.md and its images; returns the Markdown file."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "images").mkdir(exist_ok=True)
    for image in IMAGES.iterdir():
        shutil.copy(image, folder / "images" / image.name)
    lines = ["---", f'title: "Benchmark book at {scale}x"', "creator:", "  - role: author", "    text: Bench",
             "lang: en-GB", "identifier: urn:uuid:00000000-0000-4000-8000-000000000150",
             "accessibility-summary: A generated book for measuring build speed.", "---", ""]
    note = 0
    for chapter in range(1, 40 * scale + 1):
        lines += [f"# Chapter {chapter}", ""]
        for section in range(1, 4):
            lines += [f"## Section {chapter}.{section}", ""]
            for p in range(4):
                seed = chapter * 100 + section * 10 + p
                text = paragraph(seed)
                if p % 2 == 0 and note < 200 * scale and (section + p) % 3 != 2:
                    note += 1
                    text += f"[^n{note}]"
                    lines += [text, "", f"[^n{note}]: Note {note}: see ledger {seed} for the count.", ""]
                else:
                    lines += [text, ""]
        if chapter % 4 == 0:
            lines += ["| Year | Visits | Volunteers |", "|------|-------:|-----------:|",
                      *[f"| {2000 + r} | {r * 130} | {r + 4} |" for r in range(6)], "",
                      f": Visits in chapter {chapter}", ""]
        if chapter % 8 == 0:
            lines += ["![Bar chart of members by year, rising every year.](images/members-chart.png)", ""]
    path = folder / "book.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
