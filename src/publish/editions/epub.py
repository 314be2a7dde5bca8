"""The EPUB 3 edition."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import pandoc
from ..book import Book
from ..cover import make_cover
from ..styles import style_path


def build(book: Book, ast: dict[str, Any], out_dir: Path) -> Path:
    output = out_dir / f"{book.slug}.epub"
    cover = make_cover(book, out_dir / "cover.png")
    pandoc.write(book, ast, "epub3", output=output, args=[
        "--split-level=1", "--toc", "--toc-depth=3",
        f"--epub-cover-image={cover}", f"--css={style_path('epub.css')}",
    ])
    cover.unlink()
    return output
