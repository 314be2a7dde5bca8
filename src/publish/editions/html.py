"""The HTML edition: one self-contained, accessible page."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import pandoc
from ..book import Book
from ..styles import style_path


def build(book: Book, ast: dict[str, Any], out_dir: Path) -> Path:
    output = out_dir / f"{book.slug}.html"
    pandoc.write(book, ast, "html5", output=output, args=[
        "--standalone", "--embed-resources", "--toc", "--toc-depth=3",
        "--shift-heading-level-by=1", f"--css={style_path('html.css')}",
    ])
    return output
